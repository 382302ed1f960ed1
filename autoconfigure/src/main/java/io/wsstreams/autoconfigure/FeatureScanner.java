package io.wsstreams.autoconfigure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.wsstreams.StreamControllerAdvice;
import io.wsstreams.StreamFeature;
import io.wsstreams.delivery.Deliveries;
import io.wsstreams.delivery.PresenceFeature;
import io.wsstreams.delivery.PresenceService;
import io.wsstreams.feature.ExceptionHandlers;
import io.wsstreams.feature.FeatureRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * Reads the {@code @StreamFeature} beans into the feature registry once every singleton
 * exists, so that feature beans may themselves depend on the publishing API. An
 * application's own feature named {@code presence} replaces the built-in one.
 */
final class FeatureScanner implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(FeatureScanner.class);

	private final ApplicationContext context;

	private final FeatureRegistry registry;

	private final Deliveries deliveries;

	private final String path;

	FeatureScanner(ApplicationContext context, FeatureRegistry registry, Deliveries deliveries, String path) {
		this.context = context;
		this.registry = registry;
		this.deliveries = deliveries;
		this.path = path;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, Object> beans = new LinkedHashMap<>(this.context.getBeansWithAnnotation(StreamFeature.class));
		boolean applicationPresence = beans.values()
			.stream()
			.anyMatch((bean) -> !(bean instanceof PresenceFeature) && PresenceService.FEATURE.equals(featureName(bean)));
		if (applicationPresence) {
			beans.values().removeIf(PresenceFeature.class::isInstance);
		}
		this.registry.initialize(beans, advice(), this.deliveries::reservedActionNames);
		if (logger.isInfoEnabled()) {
			logger.info("ws-streams endpoint " + this.path + " with features " + this.registry.all()
				.stream()
				.map((feature) -> feature.name() + " (" + feature.strategy().id() + ")")
				.collect(Collectors.joining(", ")));
		}
	}

	private ExceptionHandlers advice() {
		List<Map.Entry<String, Object>> beans = new ArrayList<>(
				this.context.getBeansWithAnnotation(StreamControllerAdvice.class).entrySet());
		beans.sort(Comparator.comparing(Map.Entry::getValue, AnnotationAwareOrderComparator.INSTANCE));
		ExceptionHandlers advice = ExceptionHandlers.NONE;
		for (Map.Entry<String, Object> bean : beans) {
			advice = advice.then(ExceptionHandlers.of(bean.getValue(), bean.getKey()));
		}
		return advice;
	}

	private static String featureName(Object bean) {
		StreamFeature annotation = AnnotatedElementUtils.findMergedAnnotation(AopUtils.getTargetClass(bean),
				StreamFeature.class);
		return (annotation != null) ? annotation.name() : "";
	}

}

package io.wsstreams.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.wsstreams.StreamFeature;
import io.wsstreams.delivery.Deliveries;
import io.wsstreams.delivery.PresenceFeature;
import io.wsstreams.delivery.PresenceService;
import io.wsstreams.feature.FeatureRegistry;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Reads the {@code @StreamFeature} beans into the feature registry once every singleton
 * exists, so that feature beans may themselves depend on the publishing API. An
 * application's own feature named {@code presence} replaces the built-in one.
 */
final class FeatureScanner implements SmartInitializingSingleton {

	private final ApplicationContext context;

	private final FeatureRegistry registry;

	private final Deliveries deliveries;

	FeatureScanner(ApplicationContext context, FeatureRegistry registry, Deliveries deliveries) {
		this.context = context;
		this.registry = registry;
		this.deliveries = deliveries;
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
		this.registry.initialize(beans, this.deliveries::reservedActionNames);
	}

	private static String featureName(Object bean) {
		StreamFeature annotation = AnnotatedElementUtils.findMergedAnnotation(AopUtils.getTargetClass(bean),
				StreamFeature.class);
		return (annotation != null) ? annotation.name() : "";
	}

}

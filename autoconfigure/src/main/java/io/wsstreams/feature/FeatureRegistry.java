package io.wsstreams.feature;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.OnJoin;
import io.wsstreams.OnLeave;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamFeature;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The features an application declares, validated at start-up.
 *
 * <p>Invalid, reserved or duplicate names and ill-formed handler methods fail start-up
 * with a message that names the bean.
 */
public final class FeatureRegistry {

	private volatile Map<String, FeatureDefinition> features = Map.of();

	/**
	 * Builds a registry from feature beans.
	 * @param beans the beans annotated {@link StreamFeature @StreamFeature}, by bean name
	 * @return the registry
	 * @throws IllegalStateException when a declaration is invalid
	 */
	public static FeatureRegistry of(Map<String, Object> beans) {
		return of(beans, (strategy) -> Set.of());
	}

	/**
	 * Builds a registry from feature beans.
	 * @param beans the beans annotated {@link StreamFeature @StreamFeature}, by bean name
	 * @param reservedActions the actions that the delivery of each strategy answers
	 * itself, which no handler method may take
	 * @return the registry
	 * @throws IllegalStateException when a declaration is invalid
	 */
	public static FeatureRegistry of(Map<String, Object> beans,
			Function<DeliveryStrategy, Set<String>> reservedActions) {
		FeatureRegistry registry = new FeatureRegistry();
		registry.initialize(beans, reservedActions);
		return registry;
	}

	/**
	 * Reads the feature beans once every singleton exists, so that feature beans may
	 * themselves depend on the publishing API.
	 * @param beans the beans annotated {@link StreamFeature @StreamFeature}, by bean name
	 * @param reservedActions the actions that the delivery of each strategy answers
	 * itself, which no handler method may take
	 * @throws IllegalStateException when a declaration is invalid
	 */
	public void initialize(Map<String, Object> beans, Function<DeliveryStrategy, Set<String>> reservedActions) {
		initialize(beans, ExceptionHandlers.NONE, reservedActions);
	}

	/**
	 * Builds the features from their beans, with the application-wide exception handlers.
	 * @param beans the beans annotated {@link StreamFeature @StreamFeature}, by bean name
	 * @param advice the exception handlers of {@code @StreamControllerAdvice} beans, in
	 * order, tried after a feature's own
	 * @param reservedActions the actions that each strategy's delivery answers itself
	 * @throws IllegalStateException when a declaration is invalid
	 */
	public void initialize(Map<String, Object> beans, ExceptionHandlers advice,
			Function<DeliveryStrategy, Set<String>> reservedActions) {
		Map<String, FeatureDefinition> features = new LinkedHashMap<>();
		beans.forEach((beanName, bean) -> {
			Class<?> type = AopUtils.getTargetClass(bean);
			StreamFeature annotation = AnnotatedElementUtils.findMergedAnnotation(type, StreamFeature.class);
			if (annotation == null) {
				throw new IllegalStateException("Bean '" + beanName + "' is not annotated @StreamFeature");
			}
			FeatureDefinition definition = define(beanName, bean, type, annotation,
					Set.copyOf(reservedActions.apply(annotation.strategy())),
					ExceptionHandlers.of(bean, beanName).then(advice));
			FeatureDefinition existing = features.putIfAbsent(definition.name(), definition);
			if (existing != null) {
				throw new IllegalStateException("Feature '" + definition.name() + "' is declared twice: by bean '"
						+ existing.beanName() + "' and by bean '" + beanName + "'");
			}
		});
		this.features = Collections.unmodifiableMap(features);
	}

	private static FeatureDefinition define(String beanName, Object bean, Class<?> type, StreamFeature annotation,
			Set<String> protocolActions, ExceptionHandlers exceptionHandlers) {
		String name = annotation.name();
		if (StreamNames.RESERVED_FEATURE_NAMES.contains(name)) {
			throw new IllegalStateException("Feature bean '" + beanName + "' uses the reserved name '" + name
					+ "'; reserved: " + StreamNames.RESERVED_FEATURE_NAMES);
		}
		if (!StreamNames.isValidFeature(name)) {
			throw new IllegalStateException("Feature bean '" + beanName + "' has an invalid name '" + name
					+ "': expected [a-z][a-z0-9-]{0,31}");
		}
		Map<String, HandlerMethod> actions = new LinkedHashMap<>();
		actionMethods(type).forEach((method, action) -> {
			String actionName = action.value();
			if (actionName.isEmpty()) {
				throw new IllegalStateException("Feature bean '" + beanName + "': method "
						+ HandlerMethod.describe(method) + " declares an empty action");
			}
			if (protocolActions.contains(actionName)) {
				throw new IllegalStateException("Feature bean '" + beanName + "': method "
						+ HandlerMethod.describe(method) + " takes the action '" + actionName
						+ "', which " + annotation.strategy().id() + " features reserve");
			}
			HandlerMethod handler = new HandlerMethod(bean, invocable(method, bean), beanName, true);
			HandlerMethod existing = actions.putIfAbsent(actionName, handler);
			if (existing != null) {
				throw new IllegalStateException("Feature bean '" + beanName + "': action '" + actionName
						+ "' is handled by both " + existing + " and " + HandlerMethod.describe(method));
			}
		});
		return new FeatureDefinition(name, annotation.strategy(), beanName, type, Collections.unmodifiableMap(actions),
				callbacks(type, OnJoin.class, bean, beanName), callbacks(type, OnLeave.class, bean, beanName),
				protocolActions, exceptionHandlers);
	}

	/**
	 * The methods of a feature class that the registry invokes: its actions and its join
	 * and leave callbacks, as declared, before they are checked.
	 * @param type the class of a feature bean
	 * @return the handler methods
	 */
	static Set<Method> handlerMethods(Class<?> type) {
		Set<Method> methods = new LinkedHashSet<>(actionMethods(type).keySet());
		methods.addAll(callbackMethods(type, OnJoin.class));
		methods.addAll(callbackMethods(type, OnLeave.class));
		return methods;
	}

	private static Map<Method, StreamAction> actionMethods(Class<?> type) {
		return MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<StreamAction>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, StreamAction.class));
	}

	private static Set<Method> callbackMethods(Class<?> type, Class<? extends Annotation> annotation) {
		return MethodIntrospector
			.selectMethods(type,
					(MethodIntrospector.MetadataLookup<Object>) (method) -> AnnotatedElementUtils
						.hasAnnotation(method, annotation) ? Boolean.TRUE : null)
			.keySet();
	}

	private static List<HandlerMethod> callbacks(Class<?> type, Class<? extends Annotation> annotation, Object bean,
			String beanName) {
		return callbackMethods(type, annotation).stream()
			.map((method) -> new HandlerMethod(bean, invocable(method, bean), beanName, false))
			.toList();
	}

	private static Method invocable(Method method, Object bean) {
		return AopUtils.selectInvocableMethod(method, bean.getClass());
	}

	/**
	 * The feature with the given name.
	 * @param name the name
	 * @return the feature, or {@code null} when none is declared
	 */
	public @Nullable FeatureDefinition get(String name) {
		return this.features.get(name);
	}

	/**
	 * Every declared feature, in declaration order.
	 * @return the features
	 */
	public Collection<FeatureDefinition> all() {
		return this.features.values();
	}

}

package io.wsstreams.feature;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.wsstreams.StreamControllerAdvice;
import io.wsstreams.StreamFeature;
import io.wsstreams.feature.HandlerMethod.ArgumentKind;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Registers the runtime hints that the application's {@code @StreamFeature} beans need
 * in a native image, found while the application is processed ahead of time.
 *
 * <p>For each feature bean: the bean's class, each {@code @StreamAction}, {@code @OnJoin}
 * and {@code @OnLeave} method for invocation (the {@link FeatureRegistry} finds and
 * {@link HandlerMethod} invokes them reflectively), and binding hints for the types that
 * Jackson and Bean Validation meet: the payload parameter, which {@code data} is read
 * into, and the return type, which the reply is written from (unwrapped from a
 * {@link CompletionStage}). {@link BindingReflectionHintsRegistrar} follows them
 * recursively: record components and properties, nested types, the elements of
 * collections and other generic arguments.
 *
 * <p>What a handler only reaches at run time stays unseen: the types it publishes, a
 * payload that it takes as {@link JsonNode} and converts itself, a return type of
 * {@code Object}. Applications register those themselves, with
 * {@code @RegisterReflectionForBinding} for example.
 */
final class StreamFeatureBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Set<Class<?>> featureTypes = new LinkedHashSet<>();
		Set<Class<?>> adviceTypes = new LinkedHashSet<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = RegisteredBean.of(beanFactory, beanName).getBeanClass();
			if (AnnotatedElementUtils.hasAnnotation(type, StreamFeature.class)) {
				featureTypes.add(type);
			}
			else if (AnnotatedElementUtils.hasAnnotation(type, StreamControllerAdvice.class)) {
				adviceTypes.add(type);
			}
		}
		if (featureTypes.isEmpty() && adviceTypes.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints().reflection(),
				featureTypes, adviceTypes);
	}

	private static void registerHints(ReflectionHints hints, Set<Class<?>> featureTypes, Set<Class<?>> adviceTypes) {
		for (Class<?> adviceType : adviceTypes) {
			hints.registerType(adviceType);
			registerExceptionHandlers(hints, adviceType);
		}
		Set<Class<?>> boundTypes = new LinkedHashSet<>();
		for (Class<?> featureType : featureTypes) {
			hints.registerType(featureType);
			registerExceptionHandlers(hints, featureType);
			for (Method method : FeatureRegistry.handlerMethods(featureType)) {
				hints.registerMethod(method, ExecutableMode.INVOKE);
				for (int i = 0; i < method.getParameterCount(); i++) {
					if (ArgumentKind.of(method.getParameterTypes()[i]) == ArgumentKind.PAYLOAD) {
						collect(ResolvableType.forMethodParameter(method, i), boundTypes);
					}
				}
				collect(replyType(method), boundTypes);
			}
		}
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints, boundTypes.toArray(Class<?>[]::new));
	}

	private static void registerExceptionHandlers(ReflectionHints hints, Class<?> type) {
		for (Method method : ExceptionHandlers.handlerMethods(type)) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
		}
	}

	private static ResolvableType replyType(Method method) {
		ResolvableType type = ResolvableType.forMethodReturnType(method);
		return CompletionStage.class.isAssignableFrom(type.toClass()) ? type.as(CompletionStage.class).getGeneric()
				: type;
	}

	/** Adds a type and its generic arguments, leaving out what Jackson reads as a tree. */
	private static void collect(ResolvableType type, Set<Class<?>> into) {
		Class<?> resolved = type.resolve();
		if (resolved == null || resolved == void.class || resolved == Void.class
				|| JsonNode.class.isAssignableFrom(resolved) || !into.add(resolved)) {
			return;
		}
		for (ResolvableType generic : type.getGenerics()) {
			collect(generic, into);
		}
	}

}

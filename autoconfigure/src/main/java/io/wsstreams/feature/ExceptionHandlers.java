package io.wsstreams.feature;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.wsstreams.StreamContext;
import io.wsstreams.StreamError;
import io.wsstreams.StreamExceptionHandler;
import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link StreamExceptionHandler @StreamExceptionHandler} methods that answer a
 * feature's exceptions: groups in order (the feature bean's own, then the advice beans'),
 * and in a group the handler of the closest exception type.
 */
public final class ExceptionHandlers {

	/** No handlers. */
	public static final ExceptionHandlers NONE = new ExceptionHandlers(List.of());

	private final List<Map<Class<? extends Throwable>, Handler>> groups;

	private ExceptionHandlers(List<Map<Class<? extends Throwable>, Handler>> groups) {
		this.groups = groups;
	}

	/**
	 * The exception handlers of one bean.
	 * @param bean the bean, possibly a proxy
	 * @param beanName the bean's name, for error messages
	 * @return its handlers, possibly none
	 * @throws IllegalStateException when a handler is declared wrongly
	 */
	public static ExceptionHandlers of(Object bean, String beanName) {
		Map<Method, StreamExceptionHandler> methods = methods(AopUtils.getTargetClass(bean));
		Map<Class<? extends Throwable>, Handler> group = new LinkedHashMap<>();
		methods.forEach((method, annotation) -> {
			Handler handler = new Handler(bean, AopUtils.selectInvocableMethod(method, bean.getClass()), beanName);
			for (Class<? extends Throwable> exception : handled(method, annotation, beanName)) {
				Handler existing = group.putIfAbsent(exception, handler);
				if (existing != null) {
					throw new IllegalStateException("Bean '" + beanName + "': " + exception.getName()
							+ " is handled by both " + existing + " and " + handler);
				}
			}
		});
		return group.isEmpty() ? NONE : new ExceptionHandlers(List.of(group));
	}

	/**
	 * The exception handler methods of a class, as declared, before they are checked.
	 * @param type the class of a feature or advice bean
	 * @return the methods
	 */
	static Set<Method> handlerMethods(Class<?> type) {
		return methods(type).keySet();
	}

	private static Map<Method, StreamExceptionHandler> methods(Class<?> type) {
		return MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<StreamExceptionHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, StreamExceptionHandler.class));
	}

	/**
	 * These handlers, then others for what these do not handle.
	 * @param next the handlers to try next
	 * @return both
	 */
	public ExceptionHandlers then(ExceptionHandlers next) {
		if (next.groups.isEmpty()) {
			return this;
		}
		List<Map<Class<? extends Throwable>, Handler>> groups = new ArrayList<>(this.groups);
		groups.addAll(next.groups);
		return new ExceptionHandlers(List.copyOf(groups));
	}

	/**
	 * Whether there are no handlers.
	 * @return {@code true} when none
	 */
	public boolean isEmpty() {
		return this.groups.isEmpty();
	}

	/**
	 * Answers an exception with the first handler that applies.
	 * @param exception the handler's exception
	 * @param context the connection's context
	 * @return the error to answer with, or {@code null} when no handler applies or the one
	 * that applies returned {@code null}
	 * @throws Throwable what the exception handler threw
	 */
	public @Nullable StreamError handle(Throwable exception, StreamContext context) throws Throwable {
		for (Map<Class<? extends Throwable>, Handler> group : this.groups) {
			for (Throwable candidate = exception; candidate != null; candidate = next(candidate)) {
				Handler handler = closest(group, candidate);
				if (handler != null) {
					return handler.invoke(candidate, context);
				}
			}
		}
		return null;
	}

	private static @Nullable Throwable next(Throwable exception) {
		Throwable cause = exception.getCause();
		return (cause != exception) ? cause : null;
	}

	private static @Nullable Handler closest(Map<Class<? extends Throwable>, Handler> group, Throwable exception) {
		List<Class<? extends Throwable>> matches = new ArrayList<>();
		for (Class<? extends Throwable> type : group.keySet()) {
			if (type.isInstance(exception)) {
				matches.add(type);
			}
		}
		if (matches.isEmpty()) {
			return null;
		}
		return group.get(ExceptionDepthComparator.findClosestMatch(matches, exception));
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Throwable>> handled(Method method, StreamExceptionHandler annotation,
			String beanName) {
		if (!StreamError.class.equals(method.getReturnType())) {
			throw new IllegalStateException("Bean '" + beanName + "': @StreamExceptionHandler method "
					+ HandlerMethod.describe(method) + " must return StreamError");
		}
		List<Class<? extends Throwable>> types = new ArrayList<>(List.of(annotation.value()));
		if (types.isEmpty()) {
			for (Class<?> parameter : method.getParameterTypes()) {
				if (Throwable.class.isAssignableFrom(parameter)) {
					types.add((Class<? extends Throwable>) parameter);
				}
			}
		}
		if (types.isEmpty()) {
			throw new IllegalStateException("Bean '" + beanName + "': @StreamExceptionHandler method "
					+ HandlerMethod.describe(method)
					+ " names no exception: list them in the annotation or take one as a parameter");
		}
		return types;
	}

	private static final class Handler {

		private final Object bean;

		private final Method method;

		private final Class<?>[] parameters;

		Handler(Object bean, Method method, String beanName) {
			this.bean = bean;
			this.method = method;
			this.parameters = method.getParameterTypes();
			ReflectionUtils.makeAccessible(method);
			for (Class<?> parameter : this.parameters) {
				if (!Throwable.class.isAssignableFrom(parameter) && !StreamContext.class.equals(parameter)
						&& !StreamUser.class.equals(parameter) && !Principal.class.equals(parameter)) {
					throw new IllegalStateException("Bean '" + beanName + "': @StreamExceptionHandler method "
							+ HandlerMethod.describe(method) + " has an unsupported parameter of type "
							+ parameter.getName());
				}
			}
		}

		@Nullable StreamError invoke(Throwable exception, StreamContext context) throws Throwable {
			Object[] args = new Object[this.parameters.length];
			for (int i = 0; i < args.length; i++) {
				Class<?> parameter = this.parameters[i];
				if (Throwable.class.isAssignableFrom(parameter)) {
					args[i] = parameter.isInstance(exception) ? exception : null;
				}
				else if (StreamContext.class.equals(parameter)) {
					args[i] = context;
				}
				else if (StreamUser.class.equals(parameter)) {
					args[i] = context.user();
				}
				else {
					args[i] = context.principal();
				}
			}
			try {
				return (StreamError) this.method.invoke(this.bean, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		@Override
		public String toString() {
			return HandlerMethod.describe(this.method);
		}

	}

}

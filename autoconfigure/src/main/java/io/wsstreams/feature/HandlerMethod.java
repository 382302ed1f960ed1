package io.wsstreams.feature;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.security.Principal;

import io.wsstreams.StreamContext;
import io.wsstreams.StreamPublisher;
import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.annotation.Validated;

/**
 * A method of a feature bean with its parameters resolved by type once, at start-up.
 */
public final class HandlerMethod {

	enum ArgumentKind {

		CONTEXT, PUBLISHER, USER, PRINCIPAL, AUTHENTICATION, RAW_DATA, PAYLOAD;

		/**
		 * What a handler parameter of the given type receives.
		 * @param type the parameter's type
		 * @return the kind, {@link #PAYLOAD} for every type ws-streams does not supply
		 */
		static ArgumentKind of(Class<?> type) {
			if (StreamContext.class.equals(type)) {
				return CONTEXT;
			}
			if (StreamPublisher.class.equals(type)) {
				return PUBLISHER;
			}
			if (StreamUser.class.equals(type)) {
				return USER;
			}
			if (Principal.class.equals(type)) {
				return PRINCIPAL;
			}
			if (SecurityArguments.isAuthentication(type)) {
				return AUTHENTICATION;
			}
			return JsonNode.class.equals(type) ? RAW_DATA : PAYLOAD;
		}

	}

	private final Object bean;

	private final Method method;

	private final ArgumentKind[] arguments;

	private final @Nullable Type payloadType;

	private final boolean validatePayload;

	private final Class<?>[] validationGroups;

	HandlerMethod(Object bean, Method method, String beanName, boolean payloadAllowed) {
		this.bean = bean;
		this.method = method;
		ReflectionUtils.makeAccessible(method);
		Parameter[] parameters = method.getParameters();
		this.arguments = new ArgumentKind[parameters.length];
		Type payload = null;
		boolean validate = false;
		Class<?>[] groups = new Class<?>[0];
		for (int i = 0; i < parameters.length; i++) {
			Class<?> type = parameters[i].getType();
			this.arguments[i] = ArgumentKind.of(type);
			if (this.arguments[i] == ArgumentKind.PAYLOAD) {
				if (!payloadAllowed || payload != null) {
					throw new IllegalStateException("Feature bean '" + beanName + "': method " + describe(method)
							+ " has an unsupported parameter of type " + type.getName()
							+ (payloadAllowed ? " (at most one payload parameter is allowed)" : ""));
				}
				payload = parameters[i].getParameterizedType();
				for (Annotation annotation : parameters[i].getAnnotations()) {
					if ("jakarta.validation.Valid".equals(annotation.annotationType().getName())) {
						validate = true;
					}
					Validated validated = AnnotationUtils.getAnnotation(annotation, Validated.class);
					if (validated != null) {
						validate = true;
						groups = validated.value();
					}
				}
			}
		}
		this.payloadType = payload;
		this.validatePayload = validate;
		this.validationGroups = groups;
	}

	/**
	 * The generic type of the payload parameter.
	 * @return the type, or {@code null} when the method takes no payload
	 */
	public @Nullable Type payloadType() {
		return this.payloadType;
	}

	/**
	 * Whether the payload is annotated for Bean Validation.
	 * @return {@code true} when it must be validated
	 */
	public boolean validatePayload() {
		return this.validatePayload;
	}

	/**
	 * The validation groups of a {@code @Validated} payload.
	 * @return the groups, empty for the default group
	 */
	public Class<?>[] validationGroups() {
		return this.validationGroups;
	}

	/**
	 * Invokes the method.
	 * @param context the context
	 * @param publisher the publishing API
	 * @param data the raw {@code data}
	 * @param payload the converted payload
	 * @return the method's return value
	 * @throws Throwable what the method threw
	 */
	public @Nullable Object invoke(StreamContext context, StreamPublisher publisher, @Nullable JsonNode data,
			@Nullable Object payload) throws Throwable {
		Object[] args = new Object[this.arguments.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = switch (this.arguments[i]) {
				case CONTEXT -> context;
				case PUBLISHER -> publisher;
				case USER -> context.user();
				case PRINCIPAL -> context.principal();
				case AUTHENTICATION -> SecurityArguments.authentication(context.principal(), this.method, i);
				case RAW_DATA -> data;
				case PAYLOAD -> payload;
			};
		}
		try {
			return this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	@Override
	public String toString() {
		return describe(this.method);
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
	}

}

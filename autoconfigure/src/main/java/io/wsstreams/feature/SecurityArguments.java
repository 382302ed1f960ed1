package io.wsstreams.feature;

import java.lang.reflect.Method;
import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.util.ClassUtils;

/**
 * Handler parameters of Spring Security's types, when it is on the class path.
 */
final class SecurityArguments {

	private static final boolean PRESENT = ClassUtils.isPresent("org.springframework.security.core.Authentication",
			SecurityArguments.class.getClassLoader());

	private SecurityArguments() {
	}

	/**
	 * Whether a parameter type asks for Spring Security's {@code Authentication}.
	 * @param type the parameter's type
	 * @return {@code true} for {@code Authentication} and its subtypes
	 */
	static boolean isAuthentication(Class<?> type) {
		return PRESENT && Security.isAuthentication(type);
	}

	/**
	 * The argument for an {@code Authentication} parameter.
	 * @param principal the connection's principal
	 * @param method the handler method
	 * @param index the parameter's index
	 * @return the authentication, or {@code null} when the connection has none of that type
	 */
	static @Nullable Object authentication(@Nullable Principal principal, Method method, int index) {
		return method.getParameterTypes()[index].isInstance(principal) ? principal : null;
	}

	private static final class Security {

		static boolean isAuthentication(Class<?> type) {
			return Authentication.class.isAssignableFrom(type);
		}

	}

}

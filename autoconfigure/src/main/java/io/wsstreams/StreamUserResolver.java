package io.wsstreams;

import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;

/**
 * Finds the user of an HTTP session. Declare a bean of this type to replace the default,
 * which reads Spring Security's context when present and else a session attribute.
 */
@FunctionalInterface
public interface StreamUserResolver {

	/**
	 * The user of a session.
	 * @param session the session
	 * @return the user, or {@code null} when nobody is signed in
	 */
	@Nullable StreamUser resolve(Session session);

}

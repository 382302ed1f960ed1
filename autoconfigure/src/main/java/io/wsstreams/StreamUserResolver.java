package io.wsstreams;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;

/**
 * Finds the user of a connection. Declare a bean of this type to replace the default,
 * which reads Spring Security's context from the session when present and else a session
 * attribute; and, for a handshake that Spring Security authenticated without a session
 * (HTTP Basic, a bearer token), takes the principal's name.
 */
@FunctionalInterface
public interface StreamUserResolver {

	/**
	 * The user of a session.
	 * @param session the session
	 * @return the user, or {@code null} when nobody is signed in
	 */
	@Nullable StreamUser resolve(Session session);

	/**
	 * The user of a handshake that Spring Security (or the servlet container) authenticated
	 * without a session: asked only when no session names a user. Anonymous
	 * authentications never get here. Override to map a principal to another id, or
	 * return {@code null} to refuse it.
	 * @param principal the authenticated principal, such as a {@code JwtAuthenticationToken}
	 * @return the user, or {@code null} to refuse the handshake with 401
	 */
	default @Nullable StreamUser resolve(Principal principal) {
		String name = principal.getName();
		return (name != null && !name.isBlank()) ? new StreamUser(name) : null;
	}

}

package io.wsstreams.session;

import io.wsstreams.StreamUser;
import io.wsstreams.StreamUserResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.session.Session;

/**
 * Reads the user from the Spring Security context stored in the session, falling back to
 * another resolver when the session holds no authenticated context.
 */
public final class SecurityContextUserResolver implements StreamUserResolver {

	/** Where Spring Security's web support stores the context in the session. */
	static final String SECURITY_CONTEXT_ATTRIBUTE = "SPRING_SECURITY_CONTEXT";

	private final StreamUserResolver fallback;

	public SecurityContextUserResolver(StreamUserResolver fallback) {
		this.fallback = fallback;
	}

	@Override
	public @Nullable StreamUser resolve(Session session) {
		Object value = session.getAttribute(SECURITY_CONTEXT_ATTRIBUTE);
		if (value instanceof SecurityContext context) {
			Authentication authentication = context.getAuthentication();
			if (authentication != null && authentication.isAuthenticated()
					&& !(authentication instanceof AnonymousAuthenticationToken)) {
				return new StreamUser(authentication.getName());
			}
		}
		return this.fallback.resolve(session);
	}

}

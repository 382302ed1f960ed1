package io.wsstreams.session;

import java.security.Principal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.util.ClassUtils;

/**
 * What the principal of a handshake means: whether it counts as authenticated (Spring
 * Security's anonymous token never does) and when its credentials expire (an OAuth 2 token
 * knows). Works without Spring Security on the class path: then any principal the
 * container reports counts, with no known expiry.
 */
public final class SecurityPrincipals {

	private static final ClassLoader LOADER = SecurityPrincipals.class.getClassLoader();

	private static final boolean SECURITY = ClassUtils
		.isPresent("org.springframework.security.core.Authentication", LOADER);

	private static final boolean OAUTH2 = SECURITY
			&& ClassUtils.isPresent("org.springframework.security.oauth2.core.AbstractOAuth2Token", LOADER);

	private SecurityPrincipals() {
	}

	/**
	 * The principal if it is an authenticated one.
	 * @param principal the request's principal, or {@code null}
	 * @return the principal, or {@code null} when there is none or it is anonymous or not
	 * authenticated
	 */
	public static @Nullable Principal authenticated(@Nullable Principal principal) {
		if (principal == null || (SECURITY && !Security.isAuthenticated(principal))) {
			return null;
		}
		return principal;
	}

	/**
	 * When the principal's credentials expire.
	 * @param principal the principal
	 * @return the expiry of its OAuth 2 token, or {@code null} when unknown
	 */
	public static @Nullable Instant expiresAt(Principal principal) {
		return OAUTH2 ? OAuth2.expiresAt(principal) : null;
	}

	private static final class Security {

		static boolean isAuthenticated(Principal principal) {
			if (principal instanceof Authentication authentication) {
				return authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken);
			}
			return true;
		}

	}

	private static final class OAuth2 {

		static @Nullable Instant expiresAt(Principal principal) {
			if (principal instanceof Authentication authentication) {
				if (authentication.getCredentials() instanceof AbstractOAuth2Token token) {
					return token.getExpiresAt();
				}
				if (authentication.getPrincipal() instanceof AbstractOAuth2Token token) {
					return token.getExpiresAt();
				}
			}
			return null;
		}

	}

}

package io.wsstreams.session;

import java.util.List;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.util.WebUtils;

/**
 * Decides whether a handshake's {@code Origin} may connect: requests without an
 * {@code Origin} (native clients) and same-origin requests always may; others only when
 * they match a configured origin or origin pattern.
 */
public final class OriginPolicy {

	private final CorsConfiguration allowed = new CorsConfiguration();

	private final boolean anyConfigured;

	public OriginPolicy(List<String> allowedOrigins, List<String> allowedOriginPatterns) {
		this.allowed.setAllowedOrigins(allowedOrigins.isEmpty() ? null : allowedOrigins);
		this.allowed.setAllowedOriginPatterns(allowedOriginPatterns.isEmpty() ? null : allowedOriginPatterns);
		this.anyConfigured = !allowedOrigins.isEmpty() || !allowedOriginPatterns.isEmpty();
	}

	/**
	 * Whether the request's origin may connect.
	 * @param request the handshake request
	 * @return {@code true} when allowed
	 */
	public boolean allows(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		if (origin == null) {
			return true;
		}
		if (WebUtils.isSameOrigin(request)) {
			return true;
		}
		return this.anyConfigured && this.allowed.checkOrigin(origin) != null;
	}

}

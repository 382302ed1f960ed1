package io.wsstreams.session;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;

/**
 * Reads candidate Spring Session ids from a handshake request: the {@code X-Auth-Token}
 * header first, then the ids the application's {@link HttpSessionIdResolver} finds, or
 * else the session cookie decoded the way its {@link CookieSerializer} writes it. Never
 * from the URL.
 */
public final class SessionIdResolver {

	private final CookieSerializer cookieSerializer;

	private final @Nullable HttpSessionIdResolver httpResolver;

	private final String headerName;

	public SessionIdResolver(CookieSerializer cookieSerializer, @Nullable HttpSessionIdResolver httpResolver,
			String headerName) {
		this.cookieSerializer = cookieSerializer;
		this.httpResolver = httpResolver;
		this.headerName = headerName;
	}

	/**
	 * The session ids the request carries, most specific first.
	 * @param request the handshake request
	 * @return the candidate ids, possibly empty
	 */
	public List<String> resolve(ServerHttpRequest request) {
		List<String> ids = new ArrayList<>(2);
		String header = request.getHeaders().getFirst(this.headerName);
		if (header != null && !header.isBlank()) {
			ids.add(header.trim());
		}
		if (request instanceof ServletServerHttpRequest servletRequest) {
			HttpServletRequest servlet = servletRequest.getServletRequest();
			List<String> values = (this.httpResolver != null) ? this.httpResolver.resolveSessionIds(servlet)
					: this.cookieSerializer.readCookieValues(servlet);
			for (String value : values) {
				if (!value.isBlank() && !ids.contains(value)) {
					ids.add(value);
				}
			}
		}
		return ids;
	}

}

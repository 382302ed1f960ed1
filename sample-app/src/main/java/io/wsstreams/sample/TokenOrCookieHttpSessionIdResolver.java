package io.wsstreams.sample;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HeaderHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;

/**
 * Lets browsers and native clients share one kind of Spring Session: the id is read from
 * a request header first and from the session cookie otherwise, and a new or ended
 * session is announced in both, so either can be used for HTTP calls and WebSocket
 * handshakes.
 */
public final class TokenOrCookieHttpSessionIdResolver implements HttpSessionIdResolver {

	private final HeaderHttpSessionIdResolver header;

	private final CookieHttpSessionIdResolver cookie = new CookieHttpSessionIdResolver();

	/**
	 * Creates a resolver.
	 * @param headerName the request and response header, such as {@code X-Auth-Token}
	 * @param cookieSerializer reads and writes the session cookie
	 */
	public TokenOrCookieHttpSessionIdResolver(String headerName, CookieSerializer cookieSerializer) {
		this.header = new HeaderHttpSessionIdResolver(headerName);
		this.cookie.setCookieSerializer(cookieSerializer);
	}

	@Override
	public List<String> resolveSessionIds(HttpServletRequest request) {
		List<String> ids = new ArrayList<>(2);
		addDistinct(ids, this.header.resolveSessionIds(request));
		addDistinct(ids, this.cookie.resolveSessionIds(request));
		return ids;
	}

	@Override
	public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
		this.cookie.setSessionId(request, response, sessionId);
		this.header.setSessionId(request, response, sessionId);
	}

	@Override
	public void expireSession(HttpServletRequest request, HttpServletResponse response) {
		this.cookie.expireSession(request, response);
		this.header.expireSession(request, response);
	}

	private static void addDistinct(List<String> ids, List<String> candidates) {
		for (String id : candidates) {
			if (!id.isBlank() && !ids.contains(id)) {
				ids.add(id);
			}
		}
	}

}

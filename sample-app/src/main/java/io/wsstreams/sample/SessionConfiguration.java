package io.wsstreams.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CompositeHttpSessionIdResolver;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HeaderHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;

/**
 * Spring Session set-up: the session travels in the {@code SESSION} cookie for browsers
 * and in the same header that ws-streams reads at the handshake for native clients.
 * The session store itself is ws-streams' in-memory default.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	/**
	 * Lets browsers and native clients share one kind of session: the id is read from the
	 * header first and from the cookie otherwise, and a new or ended session is announced
	 * in both, so either can be used for HTTP calls and WebSocket handshakes.
	 * @param headerName the request and response header, such as {@code X-Auth-Token}
	 * @return the resolver
	 */
	@Bean
	HttpSessionIdResolver httpSessionIdResolver(
			@Value("${ws-streams.session.header-name:X-Auth-Token}") String headerName) {
		// HttpOnly and SameSite=Lax by default; Secure follows the request.
		DefaultCookieSerializer cookieSerializer = new DefaultCookieSerializer();
		cookieSerializer.setCookieName("SESSION");
		CookieHttpSessionIdResolver cookie = new CookieHttpSessionIdResolver();
		cookie.setCookieSerializer(cookieSerializer);
		return new CompositeHttpSessionIdResolver(new HeaderHttpSessionIdResolver(headerName), cookie);
	}

}

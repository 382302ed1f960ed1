package io.wsstreams.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;

/**
 * Spring Session set-up: the session travels in the {@code SESSION} cookie for browsers
 * and in the same header that ws-streams reads at the handshake for native clients.
 * The session store itself is ws-streams' in-memory default.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	HttpSessionIdResolver httpSessionIdResolver(
			@Value("${ws-streams.session.header-name:X-Auth-Token}") String headerName) {
		// HttpOnly and SameSite=Lax by default; Secure follows the request.
		DefaultCookieSerializer cookieSerializer = new DefaultCookieSerializer();
		cookieSerializer.setCookieName("SESSION");
		return new TokenOrCookieHttpSessionIdResolver(headerName, cookieSerializer);
	}

}

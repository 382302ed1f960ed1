package io.wsstreams.sample;

import io.wsstreams.autoconfigure.WsStreamsProperties;
import io.wsstreams.session.OriginPolicy;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards the HTTP API: state-changing requests from foreign origins are refused, and the
 * calls that need a signed-in user are refused without one.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final SessionUsers users;

	WebConfiguration(SessionUsers users) {
		this.users = users;
	}

	/**
	 * The origin check, with the origins that may open WebSocket connections. It runs after
	 * any filter that applies forwarded headers, so that it sees the public origin as the
	 * handshake does, and before the session is looked up.
	 * @param properties ws-streams' configuration
	 * @param json writes the error body
	 * @return the filter's registration
	 */
	@Bean
	FilterRegistrationBean<OriginCheckFilter> originCheckFilter(WsStreamsProperties properties, JsonMapper json) {
		OriginPolicy origins = new OriginPolicy(properties.getAllowedOrigins(), properties.getAllowedOriginPatterns());
		FilterRegistrationBean<OriginCheckFilter> registration = new FilterRegistrationBean<>(
				new OriginCheckFilter(origins, json));
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 10);
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SignedInInterceptor(this.users))
			.addPathPatterns("/api/me", "/api/channels/**");
	}

}

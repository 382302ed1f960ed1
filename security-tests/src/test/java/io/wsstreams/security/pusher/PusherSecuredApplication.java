package io.wsstreams.security.pusher;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application with Pusher compatibility behind Spring Security, with the filter chain
 * that docs/pusher.md shows: Pusher's sockets and HTTP API let through, the HTTP API left
 * out of CSRF protection, everything else behind a form login (with CSRF).
 */
@SpringBootApplication
public class PusherSecuredApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/app/*", "/apps/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/apps/**"))
			.formLogin(Customizer.withDefaults())
			.build();
	}

}

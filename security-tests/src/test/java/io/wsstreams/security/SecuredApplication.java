package io.wsstreams.security;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.wsstreams.StreamAction;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamControllerAdvice;
import io.wsstreams.StreamError;
import io.wsstreams.StreamErrorException;
import io.wsstreams.StreamExceptionHandler;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamUser;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application behind Spring Security: form login (with CSRF), HTTP Basic and a JWT
 * resource server on one filter chain, method security on, and a feature that shows what
 * its handlers see.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SecuredApplication {

	/** The key of the test's JWTs (HS256). */
	static final SecretKey JWT_KEY = new SecretKeySpec(
			"a key of 32 bytes for HS256 only".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/ws", "/ws-streams/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin(Customizer.withDefaults())
			.httpBasic(Customizer.withDefaults())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build(),
				User.withUsername("root").password("{noop}secret").roles("USER", "ADMIN").build());
	}

	@Bean
	JwtDecoder jwtDecoder() {
		return NimbusJwtDecoder.withSecretKey(JWT_KEY).build();
	}

	/** Shows what a handler sees, and fails in the ways the error tests need. */
	@StreamFeature(name = "secure")
	static class SecureFeature {

		@StreamAction("whoami")
		Map<String, Object> whoami(Principal principal, Authentication authentication, StreamUser user) {
			return Map.of("principal", principal.getName(), "authentication", authentication.getClass().getSimpleName(),
					"user", user.id(), "holder", SecurityContextHolder.getContext().getAuthentication().getName());
		}

		@StreamAction("announce")
		void announce(StreamContext context) {
			context.publish("announcement", Map.of("text", "hello"));
		}

		@StreamAction("admin")
		@PreAuthorize("hasRole('ADMIN')")
		String admin() {
			return "granted";
		}

		@StreamAction("bid")
		void bid() {
			throw new InsufficientFundsException();
		}

		@StreamAction("closed")
		void closed() {
			throw new IllegalStateException("wrapped", new AuctionClosedException());
		}

		@StreamAction("sold-out")
		void soldOut() {
			throw new StreamErrorException("OUT_OF_STOCK", "Sold out");
		}

		@StreamAction("boom")
		void boom() {
			throw new IllegalStateException("secret internal detail");
		}

		@StreamExceptionHandler
		StreamError insufficientFunds(InsufficientFundsException ex) {
			return StreamError.of("INSUFFICIENT_FUNDS", "Not enough funds for this bid");
		}

	}

	/** Answers every feature's {@link AuctionClosedException}. */
	@StreamControllerAdvice
	static class AuctionAdvice {

		@StreamExceptionHandler(AuctionClosedException.class)
		StreamError auctionClosed(StreamContext context) {
			return StreamError.of("AUCTION_CLOSED", "The auction on " + context.stream() + " is closed");
		}

	}

	static class InsufficientFundsException extends RuntimeException {

	}

	static class AuctionClosedException extends RuntimeException {

	}

}

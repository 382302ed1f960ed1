package io.wsstreams.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pusher's server library and a Pusher socket against an application behind Spring
 * Security, configured as docs/pusher.md shows: the signed requests need no session and no
 * CSRF token, while the rest of the application stays protected.
 */
@SpringBootTest(classes = PusherHttpApiSecurityTests.PusherSecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
				"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret" })
class PusherHttpApiSecurityTests {

	@LocalServerPort
	int port;

	/**
	 * An application with Pusher compatibility behind Spring Security, with the filter
	 * chain that docs/pusher.md shows: Pusher's sockets and HTTP API let through, the HTTP
	 * API left out of CSRF protection, everything else behind a form login (with CSRF).
	 * Nested in the test, so that the other tests' application does not scan it.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PusherSecuredApplication {

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

	@Test
	void signedRequestsPassTheFilterChainAndReachASocket() throws Exception {
		try (StreamsTestConnection socket = StreamsTestConnection
			.open(URI.create("ws://localhost:" + this.port + "/app/app-key?protocol=7"));
				Pusher pusher = new Pusher("app-id", "app-key", "app-secret")) {
			assertThat(socket.next().path("event").asString()).isEqualTo("pusher:connection_established");
			socket.sendJson(Map.of("event", "pusher:subscribe", "data", Map.of("channel", "orders")));
			assertThat(socket.next().path("event").asString()).isEqualTo("pusher_internal:subscription_succeeded");
			pusher.setHost("localhost:" + this.port);
			Result single = pusher.trigger("orders", "order-shipped", Map.of("id", 42));
			assertThat(single.getHttpStatus()).isEqualTo(200);
			Result batch = pusher.trigger(List.of(new Event("orders", "order-paid", Map.of("id", 43))));
			assertThat(batch.getHttpStatus()).isEqualTo(200);
			JsonNode shipped = socket.next();
			assertThat(shipped.path("event").asString()).isEqualTo("order-shipped");
			assertThat(socket.next().path("event").asString()).isEqualTo("order-paid");
		}
	}

	@Test
	void wrongSignatureIsStillRefusedAndTheRestStaysProtected() throws Exception {
		try (Pusher impostor = new Pusher("app-id", "app-key", "not-the-secret")) {
			impostor.setHost("localhost:" + this.port);
			assertThat(impostor.trigger("orders", "e", Map.of()).getHttpStatus()).isEqualTo(401);
		}
		HttpResponse<Void> other = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/anything-else"))
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(other.statusCode()).as("sent to the login page or refused").isIn(302, 403);
	}

}

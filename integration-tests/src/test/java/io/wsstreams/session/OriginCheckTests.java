package io.wsstreams.session;

import java.util.Map;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The origin check of the handshake: browsers may connect from the request's own origin
 * and from the configured origins and patterns ({@code https://app.example.com} and
 * {@code https://*.example.org} in the test configuration); native clients send no
 * {@code Origin} and may always connect. Others get HTTP 403 before the session is
 * looked at.
 */
@StreamsServerTest
class OriginCheckTests extends SocketTestSupport {

	private static final String QUERY = "stream=channel:1&clients=echo";

	@Test
	void allowsHandshakeWithoutOrigin() {
		welcomed(connectAs(unique("alice"), QUERY));
	}

	@Test
	void allowsSameOrigin() {
		welcomed(connectFrom("http://localhost:" + this.port));
	}

	@Test
	void allowsConfiguredOrigin() {
		welcomed(connectFrom("https://app.example.com"));
	}

	@Test
	void allowsOriginMatchingConfiguredPattern() {
		welcomed(connectFrom("https://eu.example.org"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example.net", "http://app.example.com", "https://app.example.com.evil.net",
			"http://eu.example.org", "https://example.org", "http://localhost:1", "null" })
	void rejectsWith403ForDisallowedOrigin(String origin) {
		String session = signIn(unique("alice"));
		assertThat(refusedStatus(QUERY, Map.of("Origin", origin, AUTH_TOKEN, session))).isEqualTo(403);
	}

	@Test
	void rejectsDisallowedOriginWith403BeforeCheckingSession() {
		assertThat(refusedStatus(QUERY, Map.of("Origin", "https://evil.example.net"))).isEqualTo(403);
	}

	@Test
	void checksSessionOfAllowedOrigin() {
		assertThat(refusedStatus(QUERY, Map.of("Origin", "https://app.example.com"))).isEqualTo(401);
	}

	private StreamsTestConnection connectFrom(String origin) {
		return connect(QUERY, Map.of("Origin", origin, AUTH_TOKEN, signIn(unique("alice"))));
	}

}

package io.wsstreams.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session check of the handshake: a signed-in Spring Session from the
 * {@code X-Auth-Token} header or the {@code SESSION} cookie, else HTTP 401 and no upgrade.
 */
@StreamsServerTest
class HandshakeSessionTests extends SocketTestSupport {

	private static final String QUERY = "stream=channel:1&clients=echo";

	@Test
	void upgradesWithSessionFromAuthTokenHeader() {
		String user = unique("alice");
		StreamsTestConnection client = connectWithSession(signIn(user), QUERY);
		assertThat(userOf(client.next())).isEqualTo(user);
	}

	@Test
	void upgradesWithSessionFromSessionCookieEncodedAsSpringSessionWritesIt() {
		String user = unique("alice");
		String cookie = Base64.getEncoder().encodeToString(signIn(user).getBytes(StandardCharsets.UTF_8));
		StreamsTestConnection client = connect(QUERY, Map.of("Cookie", "theme=dark; SESSION=" + cookie));
		assertThat(userOf(client.next())).isEqualTo(user);
	}

	@Test
	void rejectsWith401WithoutSession() {
		assertThat(refusedStatus(QUERY, Map.of())).isEqualTo(401);
	}

	@Test
	void rejectsWith401ForUnknownSessionId() {
		String unknown = this.sessions.createSession().getId();
		assertThat(refusedStatus(QUERY, Map.of(AUTH_TOKEN, unknown))).isEqualTo(401);
		assertThat(refusedStatus(QUERY, Map.of("Cookie", "SESSION=" + base64(unknown)))).isEqualTo(401);
	}

	@Test
	void rejectsWith401ForSessionCookieHoldingTheRawId() {
		assertThat(refusedStatus(QUERY, Map.of("Cookie", "SESSION=" + signIn(unique("alice"))))).isEqualTo(401);
	}

	@Test
	void rejectsWith401ForExpiredSession() {
		MapSession session = this.sessions.createSession();
		session.setAttribute("user", unique("alice"));
		session.setMaxInactiveInterval(Duration.ofMinutes(1));
		session.setLastAccessedTime(Instant.now().minus(Duration.ofMinutes(2)));
		this.sessions.save(session);
		assertThat(refusedStatus(QUERY, Map.of(AUTH_TOKEN, session.getId()))).isEqualTo(401);
		assertThat(refusedStatus(QUERY, Map.of("Cookie", "SESSION=" + base64(session.getId())))).isEqualTo(401);
	}

	@Test
	void rejectsWith401ForSessionWithoutUser() {
		MapSession session = this.sessions.createSession();
		session.setAttribute("cart", "3 items");
		this.sessions.save(session);
		assertThat(refusedStatus(QUERY, Map.of(AUTH_TOKEN, session.getId()))).isEqualTo(401);
	}

	@Test
	void rejectsWith401WhenSessionIdIsOnlyInTheUrl() {
		String id = signIn(unique("alice"));
		String query = QUERY + "&SESSION=" + base64(id) + "&X-Auth-Token=" + id + "&session=" + id;
		assertThat(refusedStatus(query, Map.of())).isEqualTo(401);
	}

	@Test
	void usesTheSignedInSessionWhenTheHeaderNamesAnUnknownOne() {
		String user = unique("alice");
		String cookie = base64(signIn(user));
		StreamsTestConnection client = connect(QUERY, Map.of(AUTH_TOKEN, "unknown", "Cookie", "SESSION=" + cookie));
		assertThat(userOf(client.next())).isEqualTo(user);
	}

	private static String base64(String id) {
		return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
	}

	private static String userOf(JsonNode welcome) {
		assertThat(welcome.path("type").asString()).isEqualTo("welcome");
		return welcome.path("data").path("user").path("id").asString();
	}

}

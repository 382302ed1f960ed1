package io.wsstreams.session;

import java.util.Map;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.session.MapSession;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code ws-streams.session.required=false}, connections without a signed-in session
 * are anonymous ({@code "user": null}); a session's user is still used when there is one,
 * and the origin check still applies.
 */
@StreamsServerTest
@TestPropertySource(properties = "ws-streams.session.required=false")
class AnonymousConnectionTests extends SocketTestSupport {

	private static final String QUERY = "stream=channel:1&clients=echo";

	@Test
	void welcomesConnectionWithoutSessionAsAnonymous() {
		StreamsTestConnection client = connect(QUERY, Map.of());
		JsonNode welcome = client.next();
		assertThat(welcome.path("data").has("user")).isTrue();
		assertThat(welcome.path("data").path("user").isNull()).isTrue();
		client.sendText("{\"type\":\"echo\",\"action\":\"whoami\",\"ref\":\"w\"}");
		assertThat(client.next().path("data").path("user").asString()).isEqualTo("anonymous");
	}

	@Test
	void welcomesConnectionWithUnknownOrUserlessSessionAsAnonymous() {
		StreamsTestConnection unknown = connect(QUERY, Map.of(AUTH_TOKEN, "unknown"));
		assertThat(unknown.next().path("data").path("user").isNull()).isTrue();
		MapSession session = this.sessions.createSession();
		this.sessions.save(session);
		StreamsTestConnection userless = connectWithSession(session.getId(), QUERY);
		assertThat(userless.next().path("data").path("user").isNull()).isTrue();
	}

	@Test
	void usesSessionUserWhenSignedIn() {
		String user = unique("alice");
		assertThat(connectAs(user, QUERY).next().path("data").path("user").path("id").asString()).isEqualTo(user);
	}

	@Test
	void marksPublicationsOfAnonymousConnectionsFromNull() {
		String stream = "channel:" + unique("anon");
		StreamsTestConnection anonymous = welcomed(connect("stream=" + stream + "&clients=echo", Map.of()));
		StreamsTestConnection watcher = join(unique("alice"), stream, "echo");
		anonymous.sendText("{\"type\":\"echo\",\"action\":\"others\",\"data\":1}");
		JsonNode event = watcher.next();
		assertThat(event.path("from").isNull()).isTrue();
	}

	@Test
	void stillRejectsDisallowedOriginWith403() {
		assertThat(refusedStatus(QUERY, Map.of("Origin", "https://evil.example.net"))).isEqualTo(403);
	}

}

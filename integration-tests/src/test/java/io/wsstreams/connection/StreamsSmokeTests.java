package io.wsstreams.connection;

import java.net.URI;
import java.util.Map;

import io.wsstreams.StreamPublisher;
import io.wsstreams.it.TestApplication;
import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamsSmokeTests {

	@LocalServerPort
	int port;

	@Autowired
	InMemorySessionRepository sessions;

	@Autowired
	StreamPublisher publisher;

	@Test
	void replaysHistoryThenSyncsThenResumes() {
		String first = this.publisher.publish("room:1", "log", Map.of("n", 1)).id();
		String second = this.publisher.publish("room:1", "log", Map.of("n", 2)).id();
		assertThat(first).matches("\\d+-\\d+");
		try (StreamsTestConnection client = connect("room:1", "log,presence", null)) {
			assertThat(client.next().path("type").asString()).isEqualTo("welcome");
			assertThat(client.next().path("id").asString()).isEqualTo(first);
			assertThat(client.next().path("id").asString()).isEqualTo(second);
			JsonNode synced = client.next();
			assertThat(synced.path("event").asString()).isEqualTo("synced");
			assertThat(synced.path("data").toString()).isEqualTo("{\"recovered\":true,\"last\":\"" + second + "\"}");
			JsonNode state = client.next();
			assertThat(state.path("event").asString()).isEqualTo("state");
			assertThat(state.path("data").path("users").get(0).path("id").asString()).isEqualTo("alice");
		}
		String third = this.publisher.publish("room:1", "log", Map.of("n", 3)).id();
		try (StreamsTestConnection client = connect("room:1", "log", "log:" + first)) {
			client.next("welcome");
			assertThat(client.next().path("id").asString()).isEqualTo(second);
			assertThat(client.next().path("id").asString()).isEqualTo(third);
			assertThat(client.next().path("data").path("recovered").asBoolean()).isTrue();
			client.sendText("{\"type\":\"log\",\"action\":\"history\",\"ref\":\"h\",\"data\":{\"before\":\"" + third
					+ "\",\"limit\":1}}");
			JsonNode reply = client.next("reply");
			assertThat(reply.path("data").path("messages").get(0).path("id").asString()).isEqualTo(second);
			assertThat(reply.path("data").path("more").asBoolean()).isTrue();
		}
	}

	private StreamsTestConnection connect(String stream, String clients, String since) {
		MapSession session = this.sessions.createSession();
		session.setAttribute("user", "alice");
		this.sessions.save(session);
		String query = "stream=" + stream + "&clients=" + clients + ((since != null) ? "&since=" + since : "");
		return StreamsTestConnection.open(URI.create("ws://localhost:" + this.port + "/ws?" + query),
				Map.of("X-Auth-Token", session.getId()));
	}

}

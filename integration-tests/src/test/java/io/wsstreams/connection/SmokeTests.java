package io.wsstreams.connection;

import java.net.URI;
import java.util.Map;

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
class SmokeTests {

	@LocalServerPort
	int port;

	@Autowired
	InMemorySessionRepository sessions;

	@Test
	void welcomesAndReplies() {
		MapSession session = this.sessions.createSession();
		session.setAttribute("user", "alice");
		this.sessions.save(session);
		try (StreamsTestConnection client = StreamsTestConnection.open(
				URI.create("ws://localhost:" + this.port + "/ws?stream=channel:1&clients=echo,notifications"),
				Map.of("X-Auth-Token", session.getId()))) {
			JsonNode welcome = client.next();
			assertThat(welcome.path("type").asString()).isEqualTo("welcome");
			assertThat(welcome.path("data").path("user").path("id").asString()).isEqualTo("alice");
			client.sendText("{\"type\":\"echo\",\"ref\":\"r1\",\"data\":{\"a\":1}}");
			JsonNode reply = client.next();
			assertThat(reply.toString()).isEqualTo("{\"type\":\"reply\",\"ref\":\"r1\",\"data\":{\"a\":1}}");
		}
	}

}

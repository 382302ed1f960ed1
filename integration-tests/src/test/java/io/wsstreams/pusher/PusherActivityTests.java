package io.wsstreams.pusher;

import java.time.Duration;
import java.util.Map;

import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.pusher.PusherTestClient.Socket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the server's pings to silent Pusher sockets, with short timeouts.
 */
@StreamsServerTest
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
		"ws-streams.pusher.activity-timeout=300ms", "ws-streams.pusher.pong-timeout=300ms" })
class PusherActivityTests {

	@LocalServerPort
	private int port;

	@Test
	void activityTimeoutIsSentInWholeSecondsAtLeastOne() {
		try (Socket socket = new PusherTestClient(this.port).connect("app-key")) {
			JsonNode established = socket.connection().received().get(0);
			assertThat(PusherTestClient.data(established).path("activity_timeout").asInt()).isEqualTo(1);
		}
	}

	@Test
	void silentClientIsPingedThenClosedWith4201WhenItDoesNotAnswer() {
		try (Socket socket = new PusherTestClient(this.port).connect("app-key")) {
			assertThat(socket.connection().next().path("event").asString()).isEqualTo("pusher:ping");
			JsonNode error = socket.connection().next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:error");
			assertThat(error.path("data").path("code").asInt()).isEqualTo(4201);
			assertThat(socket.connection().awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4201);
		}
	}

	@Test
	void answeredPingKeepsTheConnectionOpen() {
		try (Socket socket = new PusherTestClient(this.port).connect("app-key")) {
			assertThat(socket.connection().next().path("event").asString()).isEqualTo("pusher:ping");
			socket.connection().sendJson(Map.of("event", "pusher:pong", "data", Map.of()));
			// Closed by then if the pong did not count: the next ping comes instead.
			assertThat(socket.connection().next().path("event").asString()).isEqualTo("pusher:ping");
			assertThat(socket.connection().isClosed()).isFalse();
		}
	}

}

package io.wsstreams.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.test.ShortTimings;
import io.wsstreams.test.SocketTestSupport;
import io.wsstreams.test.StreamsServerTest;
import io.wsstreams.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's heartbeat: protocol pings every interval (400 ms here), and 4408 for a
 * client silent for the timeout (1.5 s here). The JDK client answers pings as it reads
 * them, so a client that stops reading stops answering.
 */
@StreamsServerTest
@ShortTimings
class HeartbeatTests extends SocketTestSupport {

	@Autowired
	ConnectionRegistry registry;

	@Test
	void sendsProtocolPingsAtTheHeartbeatInterval() {
		TestClient client = connectAs(unique("alice"), "stream=channel:1&clients=echo");
		assertThat(client.next().path("data").path("heartbeatMs").asLong())
			.isEqualTo(ShortTimings.HEARTBEAT_INTERVAL_MILLIS);
		await().atMost(Duration.ofSeconds(5)).until(() -> client.pings().size() >= 6);
		List<Long> gaps = new ArrayList<>();
		List<Long> pings = client.pings();
		for (int i = 1; i < pings.size(); i++) {
			gaps.add(Duration.ofNanos(pings.get(i) - pings.get(i - 1)).toMillis());
		}
		assertThat(gaps).allSatisfy((gap) -> assertThat(gap).isBetween(ShortTimings.HEARTBEAT_INTERVAL_MILLIS - 50,
				3 * ShortTimings.HEARTBEAT_INTERVAL_MILLIS));
	}

	@Test
	void keepsConnectionThatAnswersPingsOpenPastTheTimeout() {
		TestClient client = join(unique("alice"), "channel:1", "echo");
		await().atMost(Duration.ofSeconds(10)).until(() -> client.pings().size() >= 8);
		assertThat(client.isClosed()).isFalse();
		assertOpen(client);
	}

	@Test
	void closesWith4408WhenClientStopsAnswering() {
		TestClient client = join(unique("alice"), "channel:1", "echo");
		StreamConnection connection = this.registry
			.get(client.received().get(0).path("data").path("connectionId").asString());
		client.stopReading();
		await().atMost(Duration.ofSeconds(10)).until(() -> !connection.isOpen());
		client.resumeReading();
		assertClosed(client, 4408, "Heartbeat timeout");
	}

}

package io.wsstreams.pusher;

import java.time.Duration;
import java.util.List;

import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TightLimits;
import io.wsstreams.pusher.PusherTestClient.Socket;
import io.wsstreams.pusher.server.PusherEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Pusher client that stops reading is closed with 4100, over capacity, once its outbound
 * queue ({@code ws-streams.limits.max-outbound-queue}, 64 KB here) overflows, while the
 * channel's other subscribers keep receiving every event promptly: triggering never waits
 * for the stalled socket.
 */
@StreamsServerTest
@TightLimits
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret" })
class PusherSlowConsumerTests {

	/** Enough to fill the kernel buffers of one socket many times over. */
	private static final int PUBLICATIONS = 2000;

	private static final String PAYLOAD = "p".repeat(16 * 1024);

	@LocalServerPort
	private int port;

	@Autowired
	private PusherEvents events;

	@Test
	void stalledSocketIsClosedWith4100WhileOthersKeepReceivingEverything() {
		PusherTestClient client = new PusherTestClient(this.port);
		Socket stalled = client.connect("app-key");
		List<Socket> healthy = List.of(client.connect("app-key"), client.connect("app-key"));
		try {
			stalled.subscribed(PusherTestClient.subscribe("firehose"));
			healthy.forEach((socket) -> socket.subscribed(PusherTestClient.subscribe("firehose")));
			stalled.connection().stopReading();
			long slowestNanos = 0;
			for (int i = 0; i < PUBLICATIONS; i++) {
				long start = System.nanoTime();
				this.events.trigger("app-id", "firehose", "big", "{\"seq\":" + i + ",\"p\":\"" + PAYLOAD + "\"}");
				for (Socket socket : healthy) {
					assertThat(PusherTestClient.data(socket.connection().next()).path("seq").asInt()).isEqualTo(i);
				}
				slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
			}
			assertThat(Duration.ofNanos(slowestNanos)).as("slowest delivery to the healthy sockets")
				.isLessThan(Duration.ofSeconds(2));
			stalled.connection().resumeReading();
			assertThat(stalled.connection().awaitClose(Duration.ofSeconds(30)).code()).isEqualTo(4100);
			List<JsonNode> delivered = stalled.connection()
				.received()
				.stream()
				.filter((message) -> PusherTestClient.isEvent(message, "big"))
				.toList();
			assertThat(delivered).isNotEmpty().hasSizeLessThan(PUBLICATIONS);
			for (int seq = 0; seq < delivered.size(); seq++) {
				assertThat(PusherTestClient.data(delivered.get(seq)).path("seq").asInt()).as("in order, without gaps")
					.isEqualTo(seq);
			}
			for (Socket socket : healthy) {
				assertThat(socket.roundTrip()).isEmpty();
			}
		}
		finally {
			stalled.close();
			healthy.forEach(Socket::close);
		}
	}

}

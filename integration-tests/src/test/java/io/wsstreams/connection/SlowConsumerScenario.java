package io.wsstreams.connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.wsstreams.StreamPublisher;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On every container, a client that stops reading is closed with 4509 once its outbound queue
 * ({@code ws-streams.limits.max-outbound-queue}, 64 KB here) overflows, while everyone
 * else on the topic keeps receiving every publication promptly: publishing never waits
 * for the stalled socket.
 */
abstract class SlowConsumerScenario extends SocketTestSupport {

	/** Enough to fill the kernel buffers of one socket many times over. */
	private static final int MAX_PUBLICATIONS = 4000;

	private static final String PAYLOAD = "p".repeat(16 * 1024);

	@Autowired
	StreamPublisher publisher;

	@Autowired
	ConnectionRegistry registry;

	@Test
	void closesStalledClientWith4509WhileOthersKeepReceivingEverything() {
		String stream = "channel:" + unique("slow");
		StreamsTestConnection stalled = join(unique("slow"), stream, "echo");
		List<StreamsTestConnection> healthy = List.of(join(unique("fast"), stream, "echo"), join(unique("fast"), stream, "echo"));
		StreamConnection stalledConnection = this.registry
			.get(stalled.received().get(0).path("data").path("connectionId").asString());
		stalled.stopReading();
		int published = 0;
		long slowestNanos = 0;
		while (stalledConnection.isOpen() && published < MAX_PUBLICATIONS) {
			long start = System.nanoTime();
			this.publisher.publish(stream, "echo", "big", Map.of("seq", published, "payload", PAYLOAD));
			// Publish at the pace of the healthy clients, which must get every publication.
			for (StreamsTestConnection client : healthy) {
				assertThat(client.next().path("data").path("seq").asInt()).isEqualTo(published);
			}
			slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
			published++;
		}
		assertThat(stalledConnection.isOpen()).as("stalled connection closing after %d publications", published)
			.isFalse();
		assertThat(Duration.ofNanos(slowestNanos)).as("slowest delivery to the healthy clients")
			.isLessThan(Duration.ofSeconds(2));
		healthy.forEach(SocketTestSupport::assertOpen);
		stalled.resumeReading();
		assertClosed(stalled, 4509, "Slow consumer");
		List<JsonNode> delivered = stalled.received().subList(1, stalled.received().size());
		assertThat(delivered).isNotEmpty().hasSizeLessThan(published);
		for (int seq = 0; seq < delivered.size(); seq++) {
			assertThat(delivered.get(seq).path("data").path("seq").asInt()).as("in order, without gaps").isEqualTo(seq);
		}
	}

}

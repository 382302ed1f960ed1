package io.wsstreams.delivery;

import java.util.List;
import java.util.Map;

import io.wsstreams.it.Sockets;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the in-memory log bounded to 4 KB, a few dozen small messages, a topic that was
 * used least recently loses its log first, then the oldest entries of the next.
 */
@StreamsServerTest
@TestPropertySource(properties = "ws-streams.streams.max-memory=4KB")
class StreamLogBoundTests extends StreamsSocketSupport {

	@Test
	void resumeIntoAnEvictedRangeIsNotRecoveredThenReceivesNewMessages() {
		List<String> older = publish("room:bound-1", "log", 5);
		List<String> published = publish("room:bound-2", "log", 30);
		try (StreamsTestConnection client = this.sockets.connect("alice", "room:bound-2", "log", "log:" + published.get(0))) {
			client.next("welcome");
			Sockets.Join join = Sockets.untilSynced(client, "log");
			assertThat(join.recovered()).isFalse();
			assertThat(join.ids()).as("what the bound left: the newest").isNotEmpty().hasSizeLessThan(29);
			assertThat(join.ids()).containsExactlyElementsOf(published.subList(30 - join.ids().size(), 30));
			assertThat(join.last()).isEqualTo(published.get(29));
			String live = this.publisher.publish("room:bound-2", "log", Map.of("n", 30)).id();
			assertThat(client.next().path("id").asString()).isEqualTo(live);
			assertThat(client.drain()).isEmpty();
		}
		try (StreamsTestConnection client = this.sockets.connect("alice", "room:bound-1", "log", "log:" + older.get(4))) {
			client.next("welcome");
			Sockets.Join join = Sockets.untilSynced(client, "log");
			assertThat(join.recovered()).as("the whole log of the least recently used topic is gone").isFalse();
			assertThat(join.replay()).isEmpty();
			assertThat(join.last()).isNull();
		}
	}

}

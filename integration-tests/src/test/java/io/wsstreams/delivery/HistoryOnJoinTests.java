package io.wsstreams.delivery;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.wsstreams.it.Sockets;
import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.it.StreamsSocketTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@StreamsSocketTest
class HistoryOnJoinTests extends StreamsSocketSupport {

	@Test
	void joinReceivesTheLastNMessagesInOrderThenSyncedThenLiveMessages() {
		List<String> published = publish("room:history-1", "log", 7);
		try (StreamsTestConnection client = this.sockets.connect("alice", "room:history-1", "log", null)) {
			assertThat(client.next().path("type").asString()).isEqualTo("welcome");
			List<JsonNode> replay = List.of(client.next(), client.next(), client.next(), client.next(), client.next());
			assertThat(Sockets.ids(replay)).containsExactlyElementsOf(published.subList(2, 7));
			assertThat(replay).allSatisfy((frame) -> {
				assertThat(frame.path("type").asString()).isEqualTo("log");
				assertThat(frame.path("event").asString()).isEqualTo("message");
				assertThat(frame.path("stream").asString()).isEqualTo("room:history-1");
			});
			assertThat(replay.get(0).path("data").path("n").asInt()).isEqualTo(2);
			JsonNode synced = client.next();
			assertThat(synced.path("type").asString()).isEqualTo("log");
			assertThat(synced.path("event").asString()).isEqualTo("synced");
			assertThat(synced.path("data").toString())
				.isEqualTo("{\"recovered\":true,\"last\":\"" + published.get(6) + "\"}");
			String live = this.publisher.publish("room:history-1", "log", Map.of("n", 7)).id();
			JsonNode next = client.next();
			assertThat(next.path("id").asString()).isEqualTo(live);
			assertThat(next.path("data").path("n").asInt()).isEqualTo(7);
		}
	}

	@Test
	void perFeatureHistoryOverridesTheDefaultCount() {
		List<String> published = publish("room:history-2", "chat", 4);
		try (StreamsTestConnection client = this.sockets.join("alice", "room:history-2", "chat")) {
			Sockets.Join join = Sockets.untilSynced(client, "chat");
			assertThat(join.ids()).containsExactlyElementsOf(published.subList(2, 4));
			assertThat(join.recovered()).isTrue();
			assertThat(join.last()).isEqualTo(published.get(3));
		}
	}

	@Test
	void historyShorterThanNIsReplayedWhole() {
		List<String> published = publish("room:history-3", "log", 2);
		try (StreamsTestConnection client = this.sockets.join("alice", "room:history-3", "log")) {
			Sockets.Join join = Sockets.untilSynced(client, "log");
			assertThat(join.ids()).containsExactlyElementsOf(published);
			assertThat(join.last()).isEqualTo(published.get(1));
		}
	}

	@Test
	void joiningAnEmptyTopicSyncsWithNoLastIdThenReceivesLiveMessages() {
		try (StreamsTestConnection client = this.sockets.join("alice", "room:history-4", "log")) {
			Sockets.Join join = Sockets.untilSynced(client, "log");
			assertThat(join.replay()).isEmpty();
			assertThat(join.synced().toString()).isEqualTo("{\"recovered\":true,\"last\":null}");
			String live = this.publisher.publish("room:history-4", "log", Map.of("n", 0)).id();
			assertThat(client.next().path("id").asString()).isEqualTo(live);
		}
	}

	@Test
	void eachSelectedStreamsFeatureReplaysItsOwnHistory() {
		List<String> logs = publish("room:history-5", "log", 1);
		List<String> chats = publish("room:history-5", "chat", 3);
		try (StreamsTestConnection client = this.sockets.join("alice", "room:history-5", "log,chat")) {
			List<JsonNode> frames = IntStream.range(0, 5).mapToObj((i) -> client.next()).toList();
			assertThat(frames).extracting((frame) -> frame.path("type").asString() + "/" + frame.path("event").asString()
					+ "/" + frame.path("id").asString())
				.containsExactly("log/message/" + logs.get(0), "log/synced/", "chat/message/" + chats.get(1),
						"chat/message/" + chats.get(2), "chat/synced/");
		}
	}

}

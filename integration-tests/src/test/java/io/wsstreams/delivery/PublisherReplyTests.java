package io.wsstreams.delivery;

import io.wsstreams.it.Publications;
import io.wsstreams.it.Sockets;
import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.it.StreamsSocketTest;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@StreamsSocketTest
class PublisherReplyTests extends StreamsSocketSupport {

	@Test
	void replyToAnActionThatPublishesToAStreamsFeatureCarriesTheIdAtTopLevel() {
		try (StreamsTestConnection sender = this.sockets.join("alice", "room:reply-1", "chat");
				StreamsTestConnection other = this.sockets.join("bob", "room:reply-1", "chat")) {
			Sockets.untilSynced(sender, "chat");
			Sockets.untilSynced(other, "chat");
			sender.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"r1\",\"data\":{\"text\":\"hi\"}}");
			JsonNode reply = sender.next("reply");
			assertThat(reply.path("ref").asString()).isEqualTo("r1");
			String id = reply.path("id").asString();
			assertThat(id).matches("\\d+-\\d+");
			assertThat(reply.path("data").path("id").asString()).isEqualTo(id);
			JsonNode delivered = other.next("chat");
			assertThat(delivered.path("id").asString()).isEqualTo(id);
			assertThat(delivered.path("event").asString()).isEqualTo("message");
			assertThat(delivered.path("from").asString()).isEqualTo("alice");
			assertThat(delivered.path("data").path("text").asString()).isEqualTo("hi");
		}
	}

	@Test
	void replyIsSentOnlyAfterTheAppendAndTheSenderReceivesTheEntryOnce() {
		try (StreamsTestConnection sender = this.sockets.join("alice", "room:reply-2", "chat")) {
			Sockets.untilSynced(sender, "chat");
			sender.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"r2\",\"data\":{\"text\":\"first\"}}");
			// The event and the reply may come in either order.
			Publications.EventAndAnswer published = Publications.nextEventAndAnswer(sender, "chat", "r2");
			JsonNode reply = published.answer();
			assertThat(reply.path("type").asString()).isEqualTo("reply");
			assertThat(reply.path("id").asString()).isEqualTo(published.event().path("id").asString());
			try (StreamsTestConnection late = this.sockets.join("carol", "room:reply-2", "chat")) {
				Sockets.Join join = Sockets.untilSynced(late, "chat");
				assertThat(join.ids()).as("the log has the entry once the reply is sent")
					.containsExactly(reply.path("id").asString());
			}
		}
	}

	@Test
	void consecutiveRepliesCarryIncreasingIdsMatchingTheLog() {
		try (StreamsTestConnection sender = this.sockets.join("alice", "room:reply-3", "chat")) {
			Sockets.untilSynced(sender, "chat");
			for (int i = 0; i < 2; i++) {
				sender.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"s" + i + "\",\"data\":{\"text\":\"m" + i
						+ "\"}}");
			}
			String first = sender.next("reply").path("id").asString();
			String second = sender.next("reply").path("id").asString();
			assertThat(StreamId.parse(second))
				.isGreaterThan(StreamId.parse(first));
			try (StreamsTestConnection late = this.sockets.join("carol", "room:reply-3", "chat")) {
				assertThat(Sockets.untilSynced(late, "chat").ids()).containsExactly(first, second);
			}
		}
	}

	@Test
	void replyToAnActionThatPublishesToAPubSubFeatureHasNoId() {
		try (StreamsTestConnection sender = this.sockets.join("alice", "room:reply-4", "echo")) {
			sender.sendText("{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"p\",\"data\":{\"text\":\"hi\"}}");
			JsonNode reply = sender.next("reply");
			assertThat(reply.has("id")).isFalse();
			assertThat(reply.path("data").path("id").isString()).isFalse();
		}
	}

	@Test
	void applicationPublishToAStreamsFeatureReturnsTheIdTheSubscribersReceive() {
		try (StreamsTestConnection client = this.sockets.join("alice", "room:reply-5", "log")) {
			Sockets.untilSynced(client, "log");
			String id = this.publisher.publish("room:reply-5", "log", "hello").id();
			JsonNode event = client.next("log");
			assertThat(event.path("id").asString()).isEqualTo(id);
			assertThat(event.path("from").isNull()).isTrue();
		}
	}

}

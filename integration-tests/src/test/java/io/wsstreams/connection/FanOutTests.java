package io.wsstreams.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wsstreams.StreamPublisher;
import io.wsstreams.it.Publications;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out of publications: to every connection on a topic and nobody else, without the
 * sender when asked, and to every connection of one user that selected the feature.
 *
 * <p>The in-memory broker delivers on the publishing thread, so a marker published to an
 * outsider's own topic afterwards arrives as its next frame only if the publication did
 * not reach it.
 */
@StreamsServerTest
class FanOutTests extends SocketTestSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	StreamPublisher publisher;

	@Autowired
	ConnectionRegistry registry;

	@Test
	void deliversPublisherPublicationToEveryConnectionOnTheTopic() {
		String stream = "channel:" + unique("fan");
		List<StreamsTestConnection> members = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			members.add(join(unique("user"), stream, (i % 2 == 0) ? "echo" : "notifications,echo"));
		}
		StreamsTestConnection otherStream = join(unique("user"), "channel:" + unique("other"), "echo");
		StreamsTestConnection otherFeature = join(unique("user"), stream, "notifications");
		for (int i = 0; i < 50; i++) {
			this.publisher.publish(stream, "echo", "news", Map.of("n", i));
		}
		for (StreamsTestConnection member : members) {
			JsonNode first = member.next();
			assertThat(first.propertyNames()).containsExactly("type", "event", "stream", "ts", "from", "data");
			assertThat(first.path("type").asString()).isEqualTo("echo");
			assertThat(first.path("event").asString()).isEqualTo("news");
			assertThat(first.path("stream").asString()).isEqualTo(stream);
			assertThat(first.path("ts").asLong()).isPositive();
			assertThat(first.path("from").isNull()).isTrue();
			assertThat(first.path("data")).isEqualTo(json.readTree("{\"n\":0}"));
			for (int i = 1; i < 50; i++) {
				assertThat(member.next().path("data").path("n").asInt()).as("publish order").isEqualTo(i);
			}
		}
		assertNothingBeforeMarker(otherStream, "echo");
		assertNothingBeforeMarker(otherFeature, "notifications");
	}

	@Test
	void reachesAConnectionWithAPublicationMadeAsSoonAsItHasItsWelcome() {
		String stream = "channel:" + unique("fan");
		for (int i = 0; i < 30; i++) {
			StreamsTestConnection client = join(unique("user"), stream, "echo");
			this.publisher.publish(stream, "echo", "news", i);
			JsonNode event = client.next();
			assertThat(event.path("data").asInt()).as("publication after welcome %d", i).isEqualTo(i);
			client.close();
		}
	}

	@Test
	void deliversHandlerPublicationToEveryConnectionIncludingTheSender() {
		String stream = "channel:" + unique("fan");
		String sender = unique("alice");
		StreamsTestConnection publishing = join(sender, stream, "echo");
		List<StreamsTestConnection> others = List.of(join(unique("bob"), stream, "echo"), join(unique("carol"), stream, "echo"));
		StreamsTestConnection otherStream = join(unique("dave"), "channel:" + unique("other"), "echo");
		publishing.sendText("{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"p1\",\"data\":{\"text\":\"hello\"}}");
		Publications.EventAndAnswer published = Publications.nextEventAndAnswer(publishing, "echo", "p1");
		JsonNode event = published.event();
		assertThat(event.path("event").asString()).isEqualTo("message");
		assertThat(event.path("from").asString()).isEqualTo(sender);
		assertThat(event.path("data")).isEqualTo(json.readTree("{\"text\":\"hello\"}"));
		assertThat(published.answer().path("type").asString()).isEqualTo("reply");
		for (StreamsTestConnection other : others) {
			assertThat(other.next()).isEqualTo(event);
		}
		assertNothingBeforeMarker(otherStream, "echo");
	}

	@Test
	void ignoresFromInClientData() {
		String stream = "channel:" + unique("fan");
		String sender = unique("alice");
		StreamsTestConnection publishing = join(sender, stream, "echo");
		StreamsTestConnection other = join(unique("bob"), stream, "echo");
		publishing.sendText("{\"type\":\"echo\",\"action\":\"others\",\"from\":\"mallory\",\"data\":{\"from\":\"mallory\"}}");
		JsonNode event = other.next();
		assertThat(event.path("from").asString()).isEqualTo(sender);
	}

	@Test
	void publishesToOthersWithoutTheSender() {
		String stream = "channel:" + unique("fan");
		String sender = unique("alice");
		StreamsTestConnection publishing = join(sender, stream, "echo");
		StreamsTestConnection sameUser = join(sender, stream, "echo");
		StreamsTestConnection other = join(unique("bob"), stream, "echo");
		publishing.sendText("{\"type\":\"echo\",\"action\":\"others\",\"ref\":\"o1\",\"data\":{\"typing\":true}}");
		JsonNode reply = publishing.next();
		assertThat(reply).isEqualTo(json.readTree("{\"type\":\"reply\",\"ref\":\"o1\",\"data\":null}"));
		for (StreamsTestConnection receiver : List.of(sameUser, other)) {
			JsonNode event = receiver.next();
			assertThat(event.path("from").asString()).isEqualTo(sender);
			assertThat(event.path("data")).isEqualTo(json.readTree("{\"typing\":true}"));
		}
		assertOpen(publishing);
		assertNothingBeforeMarker(publishing, "echo");
	}

	@Test
	void publishesToEveryConnectionOfOneUserThatSelectedTheFeature() {
		String alice = unique("alice");
		List<StreamsTestConnection> aliceWithFeature = List.of(join(alice, "channel:" + unique("a"), "notifications"),
				join(alice, "channel:" + unique("b"), "echo,notifications"),
				join(alice, "org:1:team:" + unique("c"), "notifications"));
		StreamsTestConnection aliceWithoutFeature = join(alice, "channel:" + unique("d"), "echo");
		String stream = "channel:" + unique("shared");
		StreamsTestConnection bob = join(unique("bob"), stream, "notifications");
		StreamsTestConnection aliceOnShared = join(alice, stream, "notifications");
		this.publisher.publishToUser(alice, "notifications", "mention", Map.of("text", "hi"));
		for (StreamsTestConnection connection : List.of(aliceWithFeature.get(0), aliceWithFeature.get(1),
				aliceWithFeature.get(2), aliceOnShared)) {
			JsonNode event = connection.next();
			assertThat(event.path("type").asString()).isEqualTo("notifications");
			assertThat(event.path("event").asString()).isEqualTo("mention");
			assertThat(event.path("from").isNull()).isTrue();
			assertThat(event.path("data")).isEqualTo(json.readTree("{\"text\":\"hi\"}"));
		}
		assertThat(aliceWithFeature.get(2).received().get(1).path("stream").asString()).startsWith("org:1:team:");
		assertNothingBeforeMarker(aliceWithoutFeature, "echo");
		assertNothingBeforeMarker(bob, "notifications");
	}

	@Test
	void writesFramesOfEveryLengthAndCharacterIntactOnTomcatsSocket() {
		String stream = "channel:" + unique("fan");
		List<StreamsTestConnection> members = List.of(join(unique("user"), stream, "echo"),
				join(unique("user"), stream, "echo"));
		StreamConnection connection = this.registry
			.get(members.get(0).received().get(0).path("data").path("connectionId").asString());
		assertThat(connection.sink()).isInstanceOf(TomcatFrameSink.class);
		FrameLengths.assertDeliveredIntact(this.publisher, stream, members);
	}

	/**
	 * Publishes a marker to the client's own stream and feature and checks that it is the
	 * next frame the client receives.
	 */
	private void assertNothingBeforeMarker(StreamsTestConnection client, String feature) {
		String stream = client.received().get(0).path("data").path("stream").asString();
		String marker = unique("marker");
		this.publisher.publish(stream, feature, "marker", marker);
		JsonNode next = client.next();
		assertThat(next.path("event").asString()).as("next frame %s", next).isEqualTo("marker");
		assertThat(next.path("data").asString()).isEqualTo(marker);
	}

}

package io.wsstreams.feature;

import java.util.List;

import io.wsstreams.StreamContext;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamContext#send}: an event of the feature to the calling connection only, not
 * to the user's other tabs nor to the rest of the stream, and never logged.
 */
@StreamsServerTest
@Import(CallbackFeatures.class)
class StreamContextSendTests extends SocketTestSupport {

	@Test
	void sendReachesTheCallingConnectionOnly() {
		String alice = unique("alice");
		String stream = "room:" + unique("send");
		StreamsTestConnection caller = joined(alice, stream, "hooks");
		StreamsTestConnection otherTab = joined(alice, stream, "hooks");
		StreamsTestConnection bob = joined(unique("bob"), stream, "hooks");
		StreamsTestConnection elsewhere = joined(alice, "room:" + unique("send"), "hooks");

		caller.sendText("{\"type\":\"hooks\",\"action\":\"whisper\",\"ref\":\"w1\",\"data\":{\"text\":\"psst\"}}");
		List<JsonNode> frames = List.of(caller.next(), caller.next());
		assertThat(frames).extracting((frame) -> frame.path("type").asString())
			.as("the event and the reply, each once")
			.containsExactlyInAnyOrder("hooks", "reply");
		JsonNode whisper = frames.stream().filter((frame) -> "hooks".equals(frame.path("type").asString())).findFirst()
			.orElseThrow();
		assertThat(whisper.path("event").asString()).isEqualTo("whisper");
		assertThat(whisper.path("stream").asString()).isEqualTo(stream);
		assertThat(whisper.path("data").toString()).isEqualTo("{\"text\":\"psst\"}");
		assertThat(whisper.has("id")).isFalse();
		assertThat(whisper.path("from").isNull()).isTrue();
		assertThat(whisper.path("ts").asLong()).isPositive();
		assertOpen(caller);

		for (StreamsTestConnection other : List.of(otherTab, bob, elsewhere)) {
			// The pong comes after anything sent to it before.
			assertOpen(other);
			assertThat(other.received()).noneMatch((frame) -> "whisper".equals(frame.path("event").asString()));
		}
	}

	@Test
	void sendFromAJoinCallbackReachesTheJoiningConnectionOnly() {
		String stream = "room:" + unique("send");
		StreamsTestConnection bob = joined(unique("bob"), stream, "hooks");
		StreamsTestConnection alice = join(unique("alice"), stream, "hooks");
		JsonNode hello = alice.next();
		assertThat(hello.path("type").asString() + " " + hello.path("event").asString()).isEqualTo("hooks hello");
		assertThat(hello.path("data").toString()).isEqualTo("{\"feature\":\"hooks\"}");
		assertOpen(bob);
		assertThat(bob.received()).filteredOn((frame) -> "hello".equals(frame.path("event").asString()))
			.as("bob's own hello only")
			.hasSize(1);
	}

	@Test
	void sendOfAStreamsFeatureIsNotLogged() {
		String stream = "room:" + unique("send");
		StreamsTestConnection caller = joined(unique("alice"), stream, "hooks-log");
		caller.sendText("{\"type\":\"hooks-log\",\"action\":\"whisper\",\"data\":{\"text\":\"psst\"}}");
		JsonNode whisper = caller.next();
		assertThat(whisper.path("event").asString()).isEqualTo("whisper");
		assertThat(whisper.has("id")).as("not an entry of the log").isFalse();
		caller.sendText("{\"type\":\"hooks-log\",\"action\":\"post\",\"data\":{\"text\":\"public\"}}");
		assertThat(caller.next().path("event").asString()).isEqualTo("post");

		StreamsTestConnection late = join(unique("bob"), stream, "hooks-log");
		JsonNode replayed = late.next();
		assertThat(replayed.path("event").asString()).isEqualTo("post");
		assertThat(late.next().path("event").asString()).isEqualTo("synced");
	}

	/**
	 * Joins with a feature and takes the frame its join callback sent.
	 */
	private StreamsTestConnection joined(String user, String stream, String feature) {
		StreamsTestConnection client = join(user, stream, feature);
		client.next((frame) -> feature.equals(frame.path("type").asString())
				&& "hello".equals(frame.path("event").asString()));
		return client;
	}

}

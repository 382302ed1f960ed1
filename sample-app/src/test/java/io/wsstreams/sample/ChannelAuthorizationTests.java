package io.wsstreams.sample;

import java.time.Duration;

import io.wsstreams.test.Frames;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample serves channel streams only, nested ones included.
 */
class ChannelAuthorizationTests extends SampleTest {

	@ParameterizedTest
	@ValueSource(strings = { "channel:a1", "channel:a1:thread:2", "channel:a1:thread:2:reply:3" })
	void channelsAndStreamsNestedUnderOneAreWelcomed(String stream) {
		SignedIn alice = this.http.login(unique("alice"));
		try (StreamsTestConnection socket = open("stream=" + stream + "&clients=chat,typing,presence", alice.tokenHeader())) {
			JsonNode welcome = socket.awaitFrame("welcome", null);

			assertThat(welcome.path("data").path("stream").asString()).isEqualTo(stream);
			socket.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"c1\",\"data\":{\"text\":\"hi\"}}");
			assertThat(socket.awaitFrame(Frames.answering("c1")).path("type").asString()).isEqualTo("reply");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "room:1", "room:1:channel:2", "channels:1", "Channel:1", "user:alice" })
	void otherStreamsAreClosedWith4403(String stream) {
		SignedIn alice = this.http.login(unique("alice"));
		try (StreamsTestConnection socket = open("stream=" + stream + "&clients=typing,chat", alice.tokenHeader())) {
			assertThat(socket.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4403);
			assertThat(socket.awaitClose().reason()).isEqualTo("Forbidden: typing");
			assertThat(socket.received()).noneMatch(Frames.of("welcome", null));
		}
	}

}

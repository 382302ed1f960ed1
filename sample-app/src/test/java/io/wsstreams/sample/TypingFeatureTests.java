package io.wsstreams.sample;

import java.time.Duration;

import io.wsstreams.test.Frames;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TypingFeatureTests extends SampleTest {

	private static final String QUERY = "stream=channel:t1&clients=typing";

	@Test
	void typingReachesTheOthersOnTheStreamButNotTheSender() {
		SignedIn alice = this.http.login(unique("alice"));
		SignedIn bob = this.http.login(unique("bob"));
		try (StreamsTestConnection aliceSocket = open(QUERY, alice.tokenHeader());
				StreamsTestConnection bobSocket = open(QUERY, bob.tokenHeader())) {
			aliceSocket.awaitFrame("welcome", null);
			bobSocket.awaitFrame("welcome", null);

			aliceSocket.sendText("{\"type\":\"typing\",\"ref\":\"t1\",\"data\":{\"typing\":true}}");

			assertThat(aliceSocket.awaitFrame(Frames.answering("t1")).path("type").asString()).isEqualTo("reply");
			JsonNode event = bobSocket.awaitFrame("typing", null);
			assertThat(event.path("event").asString()).isEqualTo("typing");
			assertThat(event.path("from").asString()).isEqualTo(alice.user());
			assertThat(event.path("data").toString()).isEqualTo("{\"typing\":true}");
			// The relay is not ordered against the reply: give a wrong delivery time to arrive.
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(aliceSocket.received()).noneMatch(Frames.of("typing", null)));
		}
	}

	@Test
	void typingWithoutABooleanIsAnsweredValidationFailed() {
		SignedIn alice = this.http.login(unique("alice"));
		try (StreamsTestConnection socket = open(QUERY, alice.cookieHeader())) {
			socket.awaitFrame("welcome", null);

			socket.sendText("{\"type\":\"typing\",\"ref\":\"missing\",\"data\":{}}");
			socket.sendText("{\"type\":\"typing\",\"ref\":\"wrong\",\"data\":{\"typing\":\"soon\"}}");

			for (String ref : new String[] { "missing", "wrong" }) {
				JsonNode error = socket.awaitFrame(Frames.answering(ref));
				assertThat(error.path("type").asString()).isEqualTo("error");
				assertThat(error.path("code").asString()).isEqualTo("VALIDATION_FAILED");
				assertThat(error.path("details").get(0).path("field").asString()).isEqualTo("typing");
			}
		}
	}

}

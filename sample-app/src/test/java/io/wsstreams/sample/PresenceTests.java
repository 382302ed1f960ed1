package io.wsstreams.sample;

import io.wsstreams.test.Frames;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceTests extends SampleTest {

	private static final String QUERY = "stream=channel:p1&clients=presence,typing";

	@Test
	void showsWhoIsOnTheChannelAndWhoJoins() {
		SignedIn alice = this.http.login(unique("alice"));
		SignedIn bob = this.http.login(unique("bob"));
		try (StreamsTestConnection aliceSocket = open(QUERY, alice.tokenHeader())) {
			JsonNode state = aliceSocket.awaitFrame(Frames.of("presence", "state"));
			assertThat(state.path("data").path("users").toString()).contains("\"id\":\"" + alice.user() + "\"");

			try (StreamsTestConnection bobSocket = open(QUERY, bob.tokenHeader())) {
				bobSocket.awaitFrame(Frames.of("presence", "state"));

				JsonNode join = aliceSocket.awaitFrame(Frames.of("presence", "join"));
				assertThat(join.path("type").asString()).isEqualTo("presence");
				assertThat(join.path("data").path("id").asString()).isEqualTo(bob.user());
			}
		}
	}

}

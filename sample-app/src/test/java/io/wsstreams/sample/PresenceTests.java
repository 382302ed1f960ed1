package io.wsstreams.sample;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceTests extends SampleTest {

	private static final String QUERY = "stream=channel:p1&clients=presence,typing";

	@Test
	void showsWhoIsOnTheChannelAndWhoJoins() {
		SignedIn alice = this.http.login(unique("alice"));
		SignedIn bob = this.http.login(unique("bob"));
		try (StreamSocket aliceSocket = open(QUERY, alice.tokenHeader())) {
			JsonNode state = aliceSocket.awaitFrame(StreamSocket.ofEvent("state"));
			assertThat(state.path("data").path("users").toString()).contains("\"id\":\"" + alice.user() + "\"");

			try (StreamSocket bobSocket = open(QUERY, bob.tokenHeader())) {
				bobSocket.awaitFrame(StreamSocket.ofEvent("state"));

				JsonNode join = aliceSocket.awaitFrame(StreamSocket.ofEvent("join"));
				assertThat(join.path("type").asString()).isEqualTo("presence");
				assertThat(join.path("data").path("id").asString()).isEqualTo(bob.user());
			}
		}
	}

}

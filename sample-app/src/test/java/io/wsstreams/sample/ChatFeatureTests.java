package io.wsstreams.sample;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ChatFeatureTests extends SampleTest {

	@Test
	void sendAppendsTheMessageAndTheReplyCarriesItsId() {
		SignedIn alice = this.http.login(unique("alice"));
		try (StreamSocket socket = open("stream=channel:c1&clients=chat", alice.tokenHeader())) {
			socket.awaitFrame(StreamSocket.ofEvent("synced"));

			socket.send("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"c1\",\"data\":{\"text\":\"hello\"}}");

			// The reply and the message may arrive in either order.
			JsonNode reply = socket.awaitAnswer("c1");
			assertThat(reply.path("type").asString()).isEqualTo("reply");
			assertThat(reply.path("id").asString()).matches("\\d+-\\d+");
			JsonNode message = socket.awaitFrame(StreamSocket.ofEvent("message"));
			assertThat(message.path("id").asString()).isEqualTo(reply.path("id").asString());
			assertThat(message.path("from").asString()).isEqualTo(alice.user());
			assertThat(message.path("data").toString()).isEqualTo("{\"text\":\"hello\"}");
			socket.send("{\"type\":\"ping\",\"ref\":\"p1\"}");
			socket.awaitAnswer("p1");
			assertThat(socket.frames()).as("each once").filteredOn((frame) -> frame.equals(reply) || frame.equals(message))
				.hasSize(2);
		}
	}

	@Test
	void aLaterConnectionReceivesTheHistoryBeforeSynced() {
		SignedIn alice = this.http.login(unique("alice"));
		SignedIn bob = this.http.login(unique("bob"));
		String id;
		try (StreamSocket socket = open("stream=channel:c2&clients=chat", alice.tokenHeader())) {
			socket.send("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"c1\",\"data\":{\"text\":\"earlier\"}}");
			id = socket.awaitAnswer("c1").path("id").asString();
		}

		try (StreamSocket socket = open("stream=channel:c2&clients=chat", bob.cookieHeader())) {
			JsonNode synced = socket.awaitFrame(StreamSocket.ofEvent("synced"));

			assertThat(synced.path("data").path("last").asString()).isEqualTo(id);
			assertThat(socket.frames()).filteredOn(StreamSocket.ofEvent("message"))
				.singleElement()
				.satisfies((message) -> assertThat(message.path("id").asString()).isEqualTo(id));
		}
	}

	@Test
	void sendWithoutTextOfOneTo2000CharactersIsAnsweredValidationFailed() {
		SignedIn alice = this.http.login(unique("alice"));
		try (StreamSocket socket = open("stream=channel:c3&clients=chat", alice.tokenHeader())) {
			socket.send("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"empty\",\"data\":{\"text\":\"\"}}");
			socket.send("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"long\",\"data\":{\"text\":\""
					+ "x".repeat(2001) + "\"}}");
			socket.send("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"none\"}");

			for (String ref : new String[] { "empty", "long", "none" }) {
				assertThat(socket.awaitAnswer(ref).path("code").asString()).isEqualTo("VALIDATION_FAILED");
			}
			assertThat(socket.frames()).noneMatch(StreamSocket.ofEvent("message"));
		}
	}

}

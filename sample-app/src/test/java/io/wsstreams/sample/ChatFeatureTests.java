package io.wsstreams.sample;

import java.util.Map;

import io.wsstreams.test.Answer;
import io.wsstreams.test.Frames;
import io.wsstreams.test.StreamsTestClient;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.wsstreams.test.StreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class ChatFeatureTests extends SampleTest {

	private StreamsTestClient alice;

	@BeforeEach
	void signIn() {
		this.alice = StreamsTestClient.forPort(this.port).signIn("/api/login", Map.of("name", unique("alice")));
	}

	@Test
	void sendAppendsTheMessageAndTheReplyCarriesItsId() {
		try (StreamsTestConnection chat = this.alice.connect("channel:c1", "chat")) {
			chat.awaitFrame("chat", "synced");

			Answer answer = chat.request("chat", "send", Map.of("text", "hello"));

			assertThat(answer).isReply().hasId();
			assertThat(answer.id()).matches("\\d+-\\d+");
			assertThat(chat).receives("chat", "message")
				.hasId(answer.id())
				.isFrom(chat.welcome().path("data").path("user").path("id").asString())
				.hasDataJson("{\"text\":\"hello\"}");
			assertThat(chat).receivesNo("chat", "message");
		}
	}

	@Test
	void aLaterConnectionReceivesTheHistoryBeforeSynced() {
		String id;
		try (StreamsTestConnection chat = this.alice.connect("channel:c2", "chat")) {
			id = chat.request("chat", "send", Map.of("text", "earlier")).id();
		}
		StreamsTestClient bob = StreamsTestClient.forPort(this.port).signIn("/api/login", Map.of("name", unique("bob")));

		try (StreamsTestConnection chat = bob.connect("channel:c2", "chat")) {
			JsonNode synced = chat.awaitFrame("chat", "synced");

			assertThat(synced.path("data").path("last").asString()).isEqualTo(id);
			assertThat(chat.received()).filteredOn(Frames.of("chat", "message"))
				.singleElement()
				.satisfies((message) -> assertThat(message.path("id").asString()).isEqualTo(id));
		}
	}

	@Test
	void sendWithoutTextOfOneTo2000CharactersIsAnsweredValidationFailed() {
		try (StreamsTestConnection chat = this.alice.connect("channel:c3", "chat")) {
			assertThat(chat.request("chat", "send", Map.of("text", ""))).isError("VALIDATION_FAILED")
				.hasData("/details/0/field", "text");
			assertThat(chat.request("chat", "send", Map.of("text", "x".repeat(2001)))).isError("VALIDATION_FAILED");
			assertThat(chat.request("chat", "send", null)).isError("VALIDATION_FAILED");
			assertThat(chat).receivesNo("chat", "message");
		}
	}

}

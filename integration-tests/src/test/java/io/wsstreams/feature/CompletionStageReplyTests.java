package io.wsstreams.feature;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.wsstreams.StreamValidationException;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.feature.CallbackFeatures.PendingReplies;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handler methods that return a {@link java.util.concurrent.CompletionStage}: answered
 * when the stage completes, from whatever thread completes it, while the connection's
 * next frames are handled meanwhile.
 */
@StreamsServerTest
@Import(CallbackFeatures.class)
class CompletionStageReplyTests extends SocketTestSupport {

	@Autowired
	PendingReplies pending;

	@Autowired
	ConnectionRegistry registry;

	@Test
	void stageIsRepliedToWhenItCompletesAndDoesNotHoldTheConnectionMeanwhile() {
		StreamsTestConnection client = join(unique("alice"), "room:" + unique("later"), "hooks");
		client.next("hooks");
		String first = unique("key");
		String second = unique("key");
		client.sendText(later("a1", first));
		CompletableFuture<Object> firstStage = this.pending.take(first);
		// The container thread is free while the stage is pending: the next frames are
		// handled, and answered, before it completes.
		assertOpen(client);
		client.sendText(later("a2", second));
		CompletableFuture<Object> secondStage = this.pending.take(second);
		assertOpen(client);
		client.sendText("{\"type\":\"hooks\",\"action\":\"now\",\"ref\":\"a3\",\"data\":{\"n\":3}}");
		assertThat(client.next().toString()).as("a stage that is complete already")
			.isEqualTo("{\"type\":\"reply\",\"ref\":\"a3\",\"data\":{\"n\":3}}");
		assertThat(client.drain()).as("nothing for the pending stages").isEmpty();

		secondStage.complete(Map.of("n", 2));
		assertThat(client.next().toString()).isEqualTo("{\"type\":\"reply\",\"ref\":\"a2\",\"data\":{\"n\":2}}");
		firstStage.complete(List.of("one"));
		assertThat(client.next().toString()).isEqualTo("{\"type\":\"reply\",\"ref\":\"a1\",\"data\":[\"one\"]}");
		assertOpen(client);
		assertThat(client.received()).filteredOn((frame) -> frame.path("ref").asString().matches("a\\d"))
			.extracting((frame) -> frame.path("ref").asString())
			.as("one answer per ref")
			.containsExactly("a3", "a2", "a1");
	}

	@Test
	void stageThatCompletesExceptionallyIsAnsweredInternalErrorWithoutTheExceptionText() {
		StreamsTestConnection client = join(unique("alice"), "room:" + unique("later"), "hooks");
		client.next("hooks");
		String failing = unique("key");
		client.sendText(later("f1", failing));
		this.pending.take(failing).completeExceptionally(new IllegalStateException("secret internal detail"));
		JsonNode error = client.next();
		assertThat(error.toString())
			.isEqualTo("{\"type\":\"error\",\"ref\":\"f1\",\"code\":\"INTERNAL_ERROR\",\"message\":\"Internal error\"}");

		String wrapped = unique("key");
		client.sendText(later("f2", wrapped));
		this.pending.take(wrapped)
			.completeExceptionally(new CompletionException(new IllegalStateException("secret internal detail")));
		assertThat(client.next().toString())
			.isEqualTo("{\"type\":\"error\",\"ref\":\"f2\",\"code\":\"INTERNAL_ERROR\",\"message\":\"Internal error\"}");

		String withoutRef = unique("key");
		client.sendText("{\"type\":\"hooks\",\"action\":\"later\",\"data\":{\"key\":\"" + withoutRef + "\"}}");
		this.pending.take(withoutRef).completeExceptionally(new IllegalStateException("secret internal detail"));
		JsonNode unreferenced = client.next();
		assertThat(unreferenced.path("type").asString()).isEqualTo("error");
		assertThat(unreferenced.path("code").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(unreferenced.has("ref")).isFalse();

		assertOpen(client);
		assertThat(client.received()).noneMatch((frame) -> frame.toString().contains("secret"));
	}

	@Test
	void stageThatCompletesWithAValidationFailureIsAnsweredValidationFailed() {
		StreamsTestConnection client = join(unique("alice"), "room:" + unique("later"), "hooks");
		client.next("hooks");
		String key = unique("key");
		client.sendText(later("v1", key));
		this.pending.take(key).completeExceptionally(new StreamValidationException("text", "must not be blank"));
		JsonNode error = client.next();
		assertThat(error.path("ref").asString()).isEqualTo("v1");
		assertThat(error.path("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(error.path("details").toString()).isEqualTo("[{\"field\":\"text\",\"message\":\"must not be blank\"}]");
	}

	@Test
	void stageThatCompletesAfterTheClientLeftIsDroppedQuietly() {
		StreamsTestConnection client = connectAs(unique("alice"), "stream=room:" + unique("later") + "&clients=hooks");
		String connectionId = client.next("welcome").path("data").path("connectionId").asString();
		client.next("hooks");
		String key = unique("key");
		client.sendText(later("gone", key));
		CompletableFuture<Object> stage = this.pending.take(key);
		client.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.get(connectionId) == null);
		assertThat(stage.complete("too late")).isTrue();
		StreamsTestConnection next = join(unique("alice"), "room:" + unique("later"), "hooks");
		next.next("hooks");
		assertOpen(next);
	}

	private static String later(String ref, String key) {
		return "{\"type\":\"hooks\",\"action\":\"later\",\"ref\":\"" + ref + "\",\"data\":{\"key\":\"" + key + "\"}}";
	}

}

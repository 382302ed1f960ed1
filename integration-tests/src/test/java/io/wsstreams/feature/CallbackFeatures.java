package io.wsstreams.feature;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.OnJoin;
import io.wsstreams.OnLeave;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.awaitility.Awaitility.await;

/**
 * Features whose join and leave callbacks record the context they were called with, and
 * whose actions reply with stages that a test completes, or send to their own connection
 * only. The features, nested classes, are registered with this configuration.
 */
@Configuration(proxyBeanMethods = false)
public class CallbackFeatures {

	@Bean
	Calls callbackCalls() {
		return new Calls();
	}

	@Bean
	PendingReplies pendingReplies() {
		return new PendingReplies();
	}

	/**
	 * A {@code pub-sub} feature: its join callback sends {@code hello} to the joining
	 * connection, its leave callback publishes {@code left} to the stream.
	 */
	@StreamFeature(name = "hooks")
	static final class HooksFeature {

		private final Calls calls;

		private final PendingReplies pending;

		HooksFeature(Calls calls, PendingReplies pending) {
			this.calls = calls;
			this.pending = pending;
		}

		@OnJoin
		void joined(StreamContext context) {
			this.calls.record("join", context);
			context.send("hello", Map.of("feature", context.feature()));
		}

		@OnLeave
		void left(StreamContext context, @Nullable StreamUser user) {
			this.calls.record("leave", context);
			context.publish("left", Map.of("user", (user != null) ? user.id() : "anonymous"));
		}

		/** Replies with what the test completes the stage with, under {@code data.key}. */
		@StreamAction("later")
		CompletionStage<Object> later(JsonNode data) {
			return this.pending.register(data.path("key").asString());
		}

		/** Replies with a stage that is complete already. */
		@StreamAction("now")
		CompletionStage<JsonNode> now(JsonNode data) {
			return CompletableFuture.completedFuture(data);
		}

		/** Sends the data back as a {@code whisper} event to the calling connection only. */
		@StreamAction("whisper")
		String whisper(JsonNode data, StreamContext context) {
			context.send("whisper", data);
			return "sent";
		}

	}

	/** A {@code streams} feature with join and leave callbacks, and a private send. */
	@StreamFeature(name = "hooks-log", strategy = DeliveryStrategy.STREAMS)
	static final class HooksLogFeature {

		private final Calls calls;

		HooksLogFeature(Calls calls) {
			this.calls = calls;
		}

		@OnJoin
		void joined(StreamContext context) {
			this.calls.record("join", context);
			context.send("hello", Map.of("feature", context.feature()));
		}

		@OnLeave
		void left(StreamContext context) {
			this.calls.record("leave", context);
		}

		@StreamAction("whisper")
		void whisper(JsonNode data, StreamContext context) {
			context.send("whisper", data);
		}

		@StreamAction("post")
		void post(JsonNode data, StreamContext context) {
			context.publish("post", data);
		}

	}

	/**
	 * One call of a join or leave callback, with what its context said.
	 *
	 * @param kind {@code join} or {@code leave}
	 * @param feature the context's feature
	 * @param connectionId the context's connection id
	 * @param stream the context's stream
	 * @param user the context's user id, or {@code null}
	 * @param clients the context's selected features
	 */
	public record Call(String kind, String feature, String connectionId, String stream, @Nullable String user,
			List<String> clients) {

	}

	/** Every callback call, in the order they happened. */
	public static final class Calls {

		private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

		private volatile Duration leaveTime = Duration.ZERO;

		void record(String kind, StreamContext context) {
			StreamUser user = context.user();
			this.calls.add(new Call(kind, context.feature(), context.connectionId(), context.stream(),
					(user != null) ? user.id() : null, context.clients()));
			if ("leave".equals(kind) && !this.leaveTime.isZero()) {
				// An application's leave callback that takes a while, such as a database write.
				try {
					Thread.sleep(this.leaveTime.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		/**
		 * Makes every leave callback take a while.
		 * @param time how long each takes
		 */
		public void leaveTakes(Duration time) {
			this.leaveTime = time;
		}

		/**
		 * The calls for connections on a stream.
		 * @param stream the stream
		 * @return the calls, in order
		 */
		public List<Call> on(String stream) {
			return this.calls.stream().filter((call) -> call.stream().equals(stream)).toList();
		}

		/**
		 * The calls of one kind for connections on a stream.
		 * @param kind {@code join} or {@code leave}
		 * @param stream the stream
		 * @return the calls, in order
		 */
		public List<Call> on(String kind, String stream) {
			return on(stream).stream().filter((call) -> call.kind().equals(kind)).toList();
		}

	}

	/** The stages of {@code later} actions still to be completed by the test, by key. */
	public static final class PendingReplies {

		private final Map<String, CompletableFuture<Object>> stages = new ConcurrentHashMap<>();

		CompletableFuture<Object> register(String key) {
			CompletableFuture<Object> stage = new CompletableFuture<>();
			this.stages.put(key, stage);
			return stage;
		}

		/**
		 * Waits for the handler to have returned the stage of a key, and takes it.
		 * @param key the key
		 * @return the incomplete stage
		 */
		public CompletableFuture<Object> take(String key) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.stages.containsKey(key));
			return this.stages.remove(key);
		}

	}

}

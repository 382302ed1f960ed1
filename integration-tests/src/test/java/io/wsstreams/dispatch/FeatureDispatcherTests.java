package io.wsstreams.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.wsstreams.PublishResult;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamAuthorizer;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamUser;
import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.connection.TestConnections;
import io.wsstreams.delivery.DefaultStreamPublisher;
import io.wsstreams.delivery.Deliveries;
import io.wsstreams.delivery.Delivery;
import io.wsstreams.delivery.Publication;
import io.wsstreams.delivery.ReservedAction;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.InboundFrame;
import io.wsstreams.protocol.OutboundFrames;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher against fake connections and deliveries: which answer each frame gets,
 * handler arguments and results, reserved actions, asynchronous replies, and the observer.
 */
class FeatureDispatcherTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RecordingDelivery delivery = new RecordingDelivery();

	private final Deliveries deliveries = new Deliveries(this.delivery, this.delivery, this.delivery);

	private final FeatureRegistry features = FeatureRegistry.of(Map.of("notes", new Notes()),
			this.deliveries::reservedActionNames);

	private final OutboundFrames frames = new OutboundFrames(json);

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final FeatureDispatcher dispatcher = new FeatureDispatcher(this.frames, json,
			new BeanValidationPayloadValidator(Validation.buildDefaultValidatorFactory().getValidator()),
			new StreamAuthorizer() {

				@Override
				public boolean canSend(@Nullable StreamUser user, String stream, String feature, String action) {
					return !"secret".equals(action);
				}

			}, new DefaultStreamPublisher(this.features, this.frames, this.deliveries, new NoBroker()),
			new StreamStatistics(), this.deliveries, this.observations, null);

	@Test
	void repliesWithTheHandlersResultToAFrameWithARef() {
		TestConnections.Recorded alice = open();
		dispatch(alice.connection(), "notes", "echo", "r1", "{\"text\":\"hi\"}");
		assertThat(alice.written()).containsExactly("{\"type\":\"reply\",\"ref\":\"r1\",\"data\":{\"text\":\"hi\"}}");
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasSingleObservationThat()
			.hasNameEqualTo("ws.streams.dispatch")
			.hasContextualNameEqualTo("ws-streams notes.echo")
			.hasLowCardinalityKeyValue("feature", "notes")
			.hasLowCardinalityKeyValue("action", "echo")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("stream", alice.connection().stream())
			.hasBeenStopped();
	}

	@Test
	void sendsNoReplyToAFrameWithoutARef() {
		TestConnections.Recorded alice = open();
		dispatch(alice.connection(), "notes", "echo", null, "{\"text\":\"hi\"}");
		assertThat(alice.written()).isEmpty();
	}

	@Test
	void answersEachFailureWithItsCode() {
		TestConnections.Recorded alice = open();
		dispatch(alice.connection(), "chat", "echo", "t", null);
		dispatch(alice.connection(), "notes", "nope", "a", null);
		dispatch(alice.connection(), "notes", "secret", "f", null);
		dispatch(alice.connection(), "notes", "echo", "v", "{\"text\":\" \"}");
		dispatch(alice.connection(), "notes", "boom", "b", null);
		List<JsonNode> answers = alice.written().stream().map(json::readTree).toList();
		assertThat(answers).extracting((answer) -> answer.path("ref").asString() + ":" + answer.path("code").asString())
			.containsExactly("t:UNKNOWN_TYPE", "a:UNKNOWN_ACTION", "f:FORBIDDEN", "v:VALIDATION_FAILED",
					"b:INTERNAL_ERROR");
		assertThat(answers.get(3).path("details").get(0).path("field").asString()).isEqualTo("text");
		assertThat(answers.get(4).path("message").asString()).isEqualTo("Internal error");
		assertThat(alice.written().get(4)).doesNotContain("kaput");
	}

	@Test
	void publishesThroughTheFeaturesDeliveryFromTheConnectionsUser() {
		TestConnections.Recorded alice = open();
		dispatch(alice.connection(), "notes", "post", "p1", "{\"text\":\"hello\"}");
		assertThat(this.delivery.publications).hasSize(1);
		Publication publication = this.delivery.publications.get(0);
		assertThat(publication.stream()).isEqualTo("channel:1");
		assertThat(publication.from()).isEqualTo("alice");
		assertThat(publication.dataJson()).isEqualTo("{\"text\":\"hello\"}");
		assertThat(alice.written()).containsExactly("{\"type\":\"reply\",\"ref\":\"p1\",\"id\":\"1-0\",\"data\":{\"id\":\"1-0\"}}");
	}

	@Test
	void letsTheDeliveryAnswerItsReservedActions() {
		TestConnections.Recorded alice = open();
		dispatch(alice.connection(), "notes", "peek", "k1", "{\"n\":2}");
		assertThat(alice.written()).containsExactly("{\"type\":\"reply\",\"ref\":\"k1\",\"data\":{\"peeked\":2}}");
	}

	@Test
	void repliesWhenACompletionStageCompletes() {
		TestConnections.Recorded alice = open();
		dispatch(alice.connection(), "notes", "later", "l1", null);
		assertThat(alice.written()).isEmpty();
		Notes.pending.complete("done");
		assertThat(alice.written()).containsExactly("{\"type\":\"reply\",\"ref\":\"l1\",\"data\":\"done\"}");
	}

	private TestConnections.Recorded open() {
		FeatureDefinition notes = this.features.get("notes");
		return TestConnections.open("c1", "channel:1", "alice", Map.of("notes", notes));
	}

	private void dispatch(StreamConnection connection, String type, String action, @Nullable String ref,
			@Nullable String data) {
		JsonNode node = (data != null) ? json.readTree(data) : null;
		this.dispatcher.dispatch(connection, new InboundFrame(type, action, ref, node), 10);
	}

	@StreamFeature(name = "notes")
	static class Notes {

		static CompletableFuture<String> pending = new CompletableFuture<>();

		Notes() {
			pending = new CompletableFuture<>();
		}

		@StreamAction("echo")
		Text echo(@Valid Text text) {
			return text;
		}

		@StreamAction("post")
		PublishResult post(Text text, StreamContext context) {
			return context.publish("note", text);
		}

		@StreamAction("secret")
		String secret() {
			return "never";
		}

		@StreamAction("boom")
		String boom() {
			throw new IllegalStateException("kaput");
		}

		@StreamAction("later")
		CompletionStage<String> later() {
			return pending;
		}

	}

	record Text(@NotBlank String text) {
	}

	/** A delivery that records publications and answers one reserved action. */
	static final class RecordingDelivery implements Delivery {

		private final List<Publication> publications = new ArrayList<>();

		@Override
		public void join(StreamConnection connection, FeatureDefinition feature, @Nullable String since) {
		}

		@Override
		public PublishResult publish(Publication publication) {
			this.publications.add(publication);
			return new PublishResult("1-0");
		}

		@Override
		public Map<String, ReservedAction> reservedActions() {
			return Map.of("peek",
					(connection, feature, data) -> "{\"peeked\":" + ((data != null) ? data.path("n").asInt() : 0) + "}");
		}

	}

	static final class NoBroker implements MessageBroker {

		@Override
		public void start(BrokerListener listener) {
		}

		@Override
		public void publish(TopicMessage message) {
		}

		@Override
		public void publishToUser(UserMessage message) {
		}

	}

}

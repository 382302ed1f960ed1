package io.wsstreams.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.PublishResult;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link StreamContext} that records what a feature bean publishes and sends, for unit
 * tests of a feature without a server: call the bean's handler methods with it, then check
 * {@link #published()} and {@link #sent()}.
 *
 * <pre class="code">
 * RecordingStreamContext context = RecordingStreamContext.of("channel:1", "chat").withUser("alice");
 * feature.send(new ChatMessage("Hello"), context);
 * assertThat(context.published()).singleElement().satisfies((event) -&gt; {
 *     assertThat(event.event()).isEqualTo("message");
 *     assertThat(event.data()).isEqualTo(new ChatMessage("Hello"));
 * });
 * </pre>
 *
 * For a {@code streams} feature ({@link #withStrategy}) each publication gets an id
 * {@code <n>-0}, counting from 1, as the log would give; for {@code pub-sub} none. Not
 * thread-safe, like the connection it stands for.
 */
public final class RecordingStreamContext implements StreamContext {

	private final String stream;

	private final String feature;

	private final List<Recorded> recorded = new ArrayList<>();

	private String connectionId = UUID.randomUUID().toString();

	private @Nullable StreamUser user;

	private List<String> clients;

	private DeliveryStrategy strategy = DeliveryStrategy.PUB_SUB;

	private long lastId;

	private RecordingStreamContext(String stream, String feature) {
		this.stream = stream;
		this.feature = feature;
		this.clients = List.of(feature);
	}

	/**
	 * A context for one feature on a stream, with no user (an anonymous connection).
	 * @param stream the stream, such as {@code channel:1}
	 * @param feature the feature, such as {@code chat}
	 * @return the context
	 */
	public static RecordingStreamContext of(String stream, String feature) {
		Assert.hasText(stream, "Stream must not be empty");
		Assert.hasText(feature, "Feature must not be empty");
		return new RecordingStreamContext(stream, feature);
	}

	/**
	 * The connection's user.
	 * @param userId the user's id
	 * @return this context
	 */
	public RecordingStreamContext withUser(String userId) {
		this.user = new StreamUser(userId);
		return this;
	}

	/**
	 * The features the connection selected (just this one by default).
	 * @param clients the feature names
	 * @return this context
	 */
	public RecordingStreamContext withClients(String... clients) {
		this.clients = List.of(clients);
		return this;
	}

	/**
	 * The feature's strategy: with {@code streams} publications get ids.
	 * @param strategy the strategy
	 * @return this context
	 */
	public RecordingStreamContext withStrategy(DeliveryStrategy strategy) {
		this.strategy = strategy;
		return this;
	}

	/**
	 * The connection's id (a random one by default).
	 * @param connectionId the id
	 * @return this context
	 */
	public RecordingStreamContext withConnectionId(String connectionId) {
		this.connectionId = connectionId;
		return this;
	}

	@Override
	public String connectionId() {
		return this.connectionId;
	}

	@Override
	public String stream() {
		return this.stream;
	}

	@Override
	public @Nullable StreamUser user() {
		return this.user;
	}

	@Override
	public String feature() {
		return this.feature;
	}

	@Override
	public List<String> clients() {
		return this.clients;
	}

	@Override
	public PublishResult publish(String event, @Nullable Object data) {
		return record(Target.TOPIC, event, data);
	}

	@Override
	public PublishResult publishToOthers(String event, @Nullable Object data) {
		return record(Target.OTHERS, event, data);
	}

	@Override
	public void send(String event, @Nullable Object data) {
		this.recorded.add(new Recorded(Target.CONNECTION, event, data, null));
	}

	/**
	 * Everything published to the topic, by {@link #publish} and {@link #publishToOthers},
	 * in order.
	 * @return the publications
	 */
	public List<Recorded> published() {
		return this.recorded.stream().filter((event) -> event.target() != Target.CONNECTION).toList();
	}

	/**
	 * Everything sent to this connection alone, by {@link #send}, in order.
	 * @return the events sent
	 */
	public List<Recorded> sent() {
		return this.recorded.stream().filter((event) -> event.target() == Target.CONNECTION).toList();
	}

	/**
	 * Everything recorded, in order.
	 * @return the events
	 */
	public List<Recorded> recorded() {
		return List.copyOf(this.recorded);
	}

	/**
	 * Forgets what was recorded.
	 */
	public void clear() {
		this.recorded.clear();
	}

	private PublishResult record(Target target, String event, @Nullable Object data) {
		Objects.requireNonNull(event, "Event must not be null");
		String id = (this.strategy == DeliveryStrategy.STREAMS) ? (++this.lastId) + "-0" : null;
		this.recorded.add(new Recorded(target, event, data, id));
		return (id != null) ? new PublishResult(id) : PublishResult.LIVE;
	}

	/**
	 * Who an event was for.
	 */
	public enum Target {

		/** Every connection on the topic, {@link StreamContext#publish}. */
		TOPIC,

		/** Every other connection on the topic, {@link StreamContext#publishToOthers}. */
		OTHERS,

		/** This connection alone, {@link StreamContext#send}. */
		CONNECTION

	}

	/**
	 * One event the feature published or sent.
	 *
	 * @param target who it was for
	 * @param event the event's name
	 * @param data the payload as the feature gave it
	 * @param id the id a {@code streams} publication got, or {@code null}
	 */
	public record Recorded(Target target, String event, @Nullable Object data, @Nullable String id) {

	}

}

package io.wsstreams.delivery;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.PublishResult;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamPublisher;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@link StreamPublisher}: encodes a publication once and hands it to the broker.
 *
 * <p>Runs on the caller's thread; the broker and the connections only enqueue, so the
 * call returns without waiting for any socket.
 */
public final class DefaultStreamPublisher implements StreamPublisher {

	private final FeatureRegistry features;

	private final OutboundFrames frames;

	private final MessageBroker broker;

	private final StreamLog log;

	private final StreamsPolicy policy;

	public DefaultStreamPublisher(FeatureRegistry features, OutboundFrames frames, MessageBroker broker, StreamLog log,
			StreamsPolicy policy) {
		this.features = features;
		this.frames = frames;
		this.broker = broker;
		this.log = log;
		this.policy = policy;
	}

	@Override
	public PublishResult publish(String stream, String feature, String event, @Nullable Object data) {
		return publish(stream, requireFeature(feature), event, data, null, null);
	}

	/**
	 * Publishes on behalf of a user or connection.
	 * @param stream the stream
	 * @param feature the feature
	 * @param event the event name
	 * @param data the payload
	 * @param from the publishing user, or {@code null} for the application
	 * @param excludeConnectionId a connection that must not receive it live, or
	 * {@code null}; ignored for {@code streams} features, whose entries every subscriber
	 * receives
	 * @return the result
	 */
	public PublishResult publish(String stream, FeatureDefinition feature, String event, @Nullable Object data,
			@Nullable String from, @Nullable String excludeConnectionId) {
		StreamNames.requireValidStream(stream);
		Assert.hasText(event, "Event must not be empty");
		String dataJson = this.frames.json(data);
		long timestamp = System.currentTimeMillis();
		String topic = StreamNames.topic(stream, feature.name());
		if (feature.strategy() == DeliveryStrategy.STREAMS) {
			LogEntry entry = this.log.append(topic, feature.name(), this.policy.retention(feature.name()), timestamp,
					(id) -> this.frames.event(feature.name(), event, stream, id.toString(), timestamp, from, dataJson));
			return new PublishResult(entry.id().toString());
		}
		OutboundFrame frame = this.frames.event(feature.name(), event, stream, null, timestamp, from, dataJson);
		this.broker.publish(TopicMessage.live(topic, feature.name(), frame,
				excludeConnectionId));
		return PublishResult.LIVE;
	}

	@Override
	public void publishToUser(String userId, String feature, String event, @Nullable Object data) {
		Assert.hasText(userId, "User id must not be empty");
		Assert.hasText(event, "Event must not be empty");
		FeatureDefinition definition = requireFeature(feature);
		this.broker.publishToUser(new UserMessage(userId, definition.name(), event, System.currentTimeMillis(), null,
				this.frames.json(data)));
	}

	private FeatureDefinition requireFeature(String feature) {
		FeatureDefinition definition = this.features.get(feature);
		if (definition == null) {
			throw new IllegalArgumentException("Unknown feature '" + feature + "': declare a @StreamFeature bean named so");
		}
		return definition;
	}

}

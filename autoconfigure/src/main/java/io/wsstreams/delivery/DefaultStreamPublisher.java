package io.wsstreams.delivery;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.wsstreams.PublishResult;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamPublisher;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.observation.DefaultPublishObservationConvention;
import io.wsstreams.observation.PublishContext;
import io.wsstreams.observation.PublishObservationConvention;
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

	private final Deliveries deliveries;

	private static final PublishObservationConvention DEFAULT_CONVENTION = new DefaultPublishObservationConvention();

	private final MessageBroker broker;

	private final ObservationRegistry observations;

	private final @Nullable PublishObservationConvention convention;

	public DefaultStreamPublisher(FeatureRegistry features, OutboundFrames frames, Deliveries deliveries,
			MessageBroker broker) {
		this(features, frames, deliveries, broker, ObservationRegistry.NOOP, null);
	}

	/**
	 * A publisher whose publications are observed as {@code ws.streams.publish}.
	 * @param features the features
	 * @param frames the frame encoder
	 * @param deliveries the deliveries by strategy
	 * @param broker the broker
	 * @param observations the observation registry
	 * @param convention the application's convention, or {@code null} for the default
	 */
	public DefaultStreamPublisher(FeatureRegistry features, OutboundFrames frames, Deliveries deliveries,
			MessageBroker broker, ObservationRegistry observations, @Nullable PublishObservationConvention convention) {
		this.features = features;
		this.frames = frames;
		this.deliveries = deliveries;
		this.broker = broker;
		this.observations = observations;
		this.convention = convention;
	}

	@Override
	public PublishResult publish(String stream, String feature, String event, @Nullable Object data) {
		return publish(stream, requireFeature(feature), event, data, null, null);
	}

	/**
	 * Publishes on behalf of a user or connection, through the feature's delivery.
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
		PublishContext context = new PublishContext(stream, feature.name(), feature.strategy().id());
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.observations)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Publication publication = new Publication(stream, feature, event, this.frames.json(data),
					System.currentTimeMillis(), from, excludeConnectionId);
			return this.deliveries.of(feature).publish(publication);
		}
		catch (RuntimeException ex) {
			context.outcome("ERROR");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
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

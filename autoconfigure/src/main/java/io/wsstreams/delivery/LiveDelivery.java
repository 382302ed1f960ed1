package io.wsstreams.delivery;

import io.wsstreams.PublishResult;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;

/**
 * {@code pub-sub}: a join subscribes and sends nothing; a publication is encoded once
 * and handed to the broker, which fans it out to the topic's connections on every node.
 */
public final class LiveDelivery implements Delivery {

	private final ConnectionRegistry registry;

	private final MessageBroker broker;

	private final OutboundFrames frames;

	public LiveDelivery(ConnectionRegistry registry, MessageBroker broker, OutboundFrames frames) {
		this.registry = registry;
		this.broker = broker;
		this.frames = frames;
	}

	@Override
	public void join(StreamConnection connection, FeatureDefinition feature, @Nullable String since) {
		this.registry.subscribe(connection, feature.name());
	}

	@Override
	public PublishResult publish(Publication publication) {
		String feature = publication.feature().name();
		OutboundFrame frame = this.frames.event(feature, publication.event(), publication.stream(), null,
				publication.timestamp(), publication.from(), publication.dataJson());
		this.broker.publish(TopicMessage.live(StreamNames.topic(publication.stream(), feature), feature, frame,
				publication.excludeConnectionId()));
		return PublishResult.LIVE;
	}

}

package io.wsstreams.dispatch;

import java.security.Principal;
import java.util.List;

import io.wsstreams.PublishResult;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamUser;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.delivery.DefaultStreamPublisher;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.OutboundFrames;
import org.jspecify.annotations.Nullable;

/**
 * The {@link StreamContext} of one handler call; remembers the id of the last message it
 * appended so that the reply can carry it.
 */
final class ConnectionContext implements StreamContext {

	private final StreamConnection connection;

	private final FeatureDefinition feature;

	private final DefaultStreamPublisher publisher;

	private final OutboundFrames frames;

	private volatile @Nullable String lastId;

	ConnectionContext(StreamConnection connection, FeatureDefinition feature, DefaultStreamPublisher publisher,
			OutboundFrames frames) {
		this.connection = connection;
		this.feature = feature;
		this.publisher = publisher;
		this.frames = frames;
	}

	@Override
	public String connectionId() {
		return this.connection.id();
	}

	@Override
	public String stream() {
		return this.connection.stream();
	}

	@Override
	public @Nullable StreamUser user() {
		return this.connection.user();
	}

	@Override
	public @Nullable Principal principal() {
		Principal principal = this.connection.principal();
		return (principal != null) ? principal : this.connection.user();
	}

	@Override
	public String feature() {
		return this.feature.name();
	}

	@Override
	public List<String> clients() {
		return this.connection.featureNames();
	}

	@Override
	public PublishResult publish(String event, @Nullable Object data) {
		return remember(this.publisher.publish(stream(), this.feature, event, data, userId(), null));
	}

	@Override
	public PublishResult publishToOthers(String event, @Nullable Object data) {
		return remember(this.publisher.publish(stream(), this.feature, event, data, userId(), connectionId()));
	}

	@Override
	public void send(String event, @Nullable Object data) {
		this.connection.send(this.frames.event(this.feature.name(), event, stream(), null, System.currentTimeMillis(),
				null, this.frames.json(data)));
	}

	@Nullable String lastId() {
		return this.lastId;
	}

	private PublishResult remember(PublishResult result) {
		if (result.id() != null) {
			this.lastId = result.id();
		}
		return result;
	}

	private @Nullable String userId() {
		StreamUser user = this.connection.user();
		return (user != null) ? user.id() : null;
	}

}

package io.wsstreams.delivery;

import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.JoinHandler;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.feature.FeatureDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Joins {@code pub-sub} topics: subscribe, nothing to replay.
 */
public final class LiveJoinHandler implements JoinHandler {

	private final ConnectionRegistry registry;

	public LiveJoinHandler(ConnectionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void join(StreamConnection connection, FeatureDefinition feature, @Nullable String since) {
		this.registry.subscribe(connection, feature.name());
	}

}

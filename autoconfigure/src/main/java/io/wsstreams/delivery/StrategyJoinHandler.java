package io.wsstreams.delivery;

import java.util.Map;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.connection.JoinHandler;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.feature.FeatureDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Routes joins by feature: built-in features to their own handler, {@code streams}
 * features to the log's, and {@code pub-sub} features to a plain subscription.
 */
public final class StrategyJoinHandler implements JoinHandler {

	private final Map<String, JoinHandler> byFeature;

	private final JoinHandler streams;

	private final JoinHandler live;

	public StrategyJoinHandler(Map<String, JoinHandler> byFeature, JoinHandler streams, JoinHandler live) {
		this.byFeature = Map.copyOf(byFeature);
		this.streams = streams;
		this.live = live;
	}

	@Override
	public void join(StreamConnection connection, FeatureDefinition feature, @Nullable String since) {
		handler(feature).join(connection, feature, since);
	}

	@Override
	public void leave(StreamConnection connection, FeatureDefinition feature) {
		handler(feature).leave(connection, feature);
	}

	private JoinHandler handler(FeatureDefinition feature) {
		JoinHandler handler = this.byFeature.get(feature.name());
		if (handler != null) {
			return handler;
		}
		return (feature.strategy() == DeliveryStrategy.STREAMS) ? this.streams : this.live;
	}

}

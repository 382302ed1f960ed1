package io.wsstreams.delivery;

import java.util.Set;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.connection.JoinHandler;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.feature.FeatureDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Chooses each feature's {@link Delivery}: the built-in presence feature gets
 * {@link PresenceService}, other features the delivery of their strategy. The one place
 * that knows which delivery serves which feature; joins, leaves, publications and
 * reserved actions all go through it.
 */
public final class Deliveries implements JoinHandler {

	private final Delivery live;

	private final Delivery log;

	private final Delivery presence;

	public Deliveries(Delivery live, Delivery log, Delivery presence) {
		this.live = live;
		this.log = log;
		this.presence = presence;
	}

	/**
	 * The delivery of a feature.
	 * @param feature the feature
	 * @return its delivery
	 */
	public Delivery of(FeatureDefinition feature) {
		if (PresenceService.isBuiltIn(feature)) {
			return this.presence;
		}
		return (feature.strategy() == DeliveryStrategy.STREAMS) ? this.log : this.live;
	}

	/**
	 * The names of the actions that the delivery of a strategy answers itself, which no
	 * handler method of a feature with that strategy may take.
	 * @param strategy the strategy
	 * @return the reserved action names
	 */
	public Set<String> reservedActionNames(DeliveryStrategy strategy) {
		Delivery delivery = (strategy == DeliveryStrategy.STREAMS) ? this.log : this.live;
		return delivery.reservedActions().keySet();
	}

	@Override
	public void join(StreamConnection connection, FeatureDefinition feature, @Nullable String since) {
		of(feature).join(connection, feature, since);
	}

	@Override
	public void leave(StreamConnection connection, FeatureDefinition feature) {
		of(feature).leave(connection, feature);
	}

}

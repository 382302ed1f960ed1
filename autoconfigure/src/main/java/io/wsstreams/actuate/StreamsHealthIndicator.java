package io.wsstreams.actuate;

import io.wsstreams.broker.MessageBroker;
import io.wsstreams.connection.ConnectionDrainer;
import io.wsstreams.connection.ConnectionRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the broker can deliver, with this node's connection count.
 */
public class StreamsHealthIndicator extends AbstractHealthIndicator {

	private final MessageBroker broker;

	private final ConnectionRegistry registry;

	private final ConnectionDrainer drainer;

	public StreamsHealthIndicator(MessageBroker broker, ConnectionRegistry registry, ConnectionDrainer drainer) {
		super("Streams broker health check failed");
		this.broker = broker;
		this.registry = registry;
		this.drainer = drainer;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		(this.broker.isAvailable() ? builder.up() : builder.down()).withDetail("broker",
				this.broker.getClass().getSimpleName())
			.withDetail("connections", this.registry.size())
			.withDetail("draining", this.drainer.isDraining());
	}

}

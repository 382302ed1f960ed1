package io.wsstreams.actuate;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.feature.DispatchObserver;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.ErrorCode;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Micrometer meters under {@code ws.streams}: connections by feature, messages and bytes
 * by feature and direction, errors by code, rejected handshakes by reason, dispatch time
 * by feature and action, and queued outbound bytes.
 *
 * <p>Counters read {@link StreamStatistics} when scraped, so the fan-out path pays for
 * one striped add per publication and nothing per meter. Tags carry no user, session or
 * message data.
 */
public final class StreamsMetrics implements DispatchObserver, SmartInitializingSingleton {

	/** The reasons handshakes are refused for, registered up front so they scrape as 0. */
	static final List<String> REJECTION_REASONS = List.of("origin", "session", "draining", "no-stream",
			"no-clients", "invalid-stream", "unknown-client", "unsupported-strategy", "too-many-connections",
			"forbidden");

	private final MeterRegistry meters;

	private final ConnectionRegistry registry;

	private final StreamStatistics statistics;

	private final FeatureRegistry features;

	public StreamsMetrics(MeterRegistry meters, ConnectionRegistry registry, StreamStatistics statistics,
			FeatureRegistry features) {
		this.meters = meters;
		this.registry = registry;
		this.statistics = statistics;
		this.features = features;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Gauge.builder("ws.streams.connections.open", this.registry, ConnectionRegistry::size)
			.description("Open connections")
			.register(this.meters);
		Gauge.builder("ws.streams.streams", this.registry, ConnectionRegistry::streamCount)
			.description("Streams with at least one connection")
			.register(this.meters);
		Gauge.builder("ws.streams.outbound.queued", this.registry, StreamsMetrics::queuedBytes)
			.description("Outbound bytes waiting in connection queues")
			.baseUnit("bytes")
			.register(this.meters);
		for (FeatureDefinition feature : this.features.all()) {
			String name = feature.name();
			Gauge.builder("ws.streams.connections", this.registry, (registry) -> connections(registry, name))
				.description("Open connections that selected the feature")
				.tag("feature", name)
				.register(this.meters);
			StreamStatistics.Traffic traffic = this.statistics.feature(name);
			counter("ws.streams.messages", "Messages", name, "in", traffic, StreamStatistics.Traffic::messagesIn, null);
			counter("ws.streams.messages", "Messages", name, "out", traffic, StreamStatistics.Traffic::messagesOut,
					null);
			counter("ws.streams.bytes", "Message bytes", name, "in", traffic, StreamStatistics.Traffic::bytesIn,
					"bytes");
			counter("ws.streams.bytes", "Message bytes", name, "out", traffic, StreamStatistics.Traffic::bytesOut,
					"bytes");
		}
		for (ErrorCode code : ErrorCode.values()) {
			FunctionCounter.builder("ws.streams.errors", this.statistics, (stats) -> stats.errors().get(code))
				.description("Error frames sent; for RATE_LIMITED, every frame dropped over the inbound rate")
				.tag("code", code.name())
				.register(this.meters);
		}
		FunctionCounter.builder("ws.streams.write.failures", this.statistics, StreamStatistics::writeFailuresIo)
			.description("Writes that failed, each closing its connection")
			.tag("cause", "io")
			.register(this.meters);
		FunctionCounter.builder("ws.streams.write.failures", this.statistics, StreamStatistics::writeFailuresOther)
			.description("Writes that failed, each closing its connection")
			.tag("cause", "other")
			.register(this.meters);
		for (String reason : REJECTION_REASONS) {
			FunctionCounter
				.builder("ws.streams.handshakes.rejected", this.statistics,
						(stats) -> stats.rejected().getOrDefault(reason, 0L))
				.description("Refused connection attempts")
				.tag("reason", reason)
				.register(this.meters);
		}
	}

	private void counter(String name, String description, String feature, String direction,
			StreamStatistics.Traffic traffic, java.util.function.ToDoubleFunction<StreamStatistics.Traffic> value,
			String unit) {
		FunctionCounter.builder(name, traffic, value)
			.description(description)
			.baseUnit(unit)
			.tag("feature", feature)
			.tag("direction", direction)
			.register(this.meters);
	}

	@Override
	public void dispatched(String feature, String action, long nanos) {
		Timer.builder("ws.streams.dispatch")
			.description("Time spent in feature handler methods")
			.tag("feature", feature)
			.tag("action", action)
			.register(this.meters)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static double connections(ConnectionRegistry registry, String feature) {
		int count = 0;
		for (StreamConnection connection : registry.connections()) {
			if (connection.features().containsKey(feature)) {
				count++;
			}
		}
		return count;
	}

	private static double queuedBytes(ConnectionRegistry registry) {
		long bytes = 0;
		for (StreamConnection connection : registry.connections()) {
			bytes += connection.queuedBytes();
		}
		return bytes;
	}

}

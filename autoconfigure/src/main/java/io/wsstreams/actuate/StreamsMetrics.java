package io.wsstreams.actuate;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters under {@code ws.streams}: connections by feature, messages and bytes
 * by feature and direction, errors by code, rejected handshakes by reason, closes by
 * close code, and queued outbound bytes. Dispatch and publish times come from the
 * {@code ws.streams.dispatch} and {@code ws.streams.publish} observations, which Spring
 * Boot's observation support records as timers of those names.
 *
 * <p>A {@link MeterBinder}: Spring Boot binds it to its meter registries once every
 * singleton exists, after ws-streams has read the application's features. Counters read
 * {@link StreamStatistics} when scraped, so the fan-out path pays for one striped add per
 * publication and nothing per meter. Tags carry no user, session or message data.
 */
public final class StreamsMetrics implements MeterBinder {

	/** The reasons handshakes are refused for, registered up front so they scrape as 0. */
	static final List<String> REJECTION_REASONS = List.of("origin", "session", "draining", "no-stream",
			"no-clients", "invalid-stream", "unknown-client", "unsupported-strategy", "too-many-connections",
			"forbidden");

	private final ConnectionRegistry registry;

	private final StreamStatistics statistics;

	private final FeatureRegistry features;

	public StreamsMetrics(ConnectionRegistry registry, StreamStatistics statistics, FeatureRegistry features) {
		this.registry = registry;
		this.statistics = statistics;
		this.features = features;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		Gauge.builder("ws.streams.connections.open", this.registry, ConnectionRegistry::size)
			.description("Open connections")
			.register(meters);
		Gauge.builder("ws.streams.streams", this.registry, ConnectionRegistry::streamCount)
			.description("Streams with at least one connection")
			.register(meters);
		Gauge.builder("ws.streams.outbound.queued", this.registry, StreamsMetrics::queuedBytes)
			.description("Outbound bytes waiting in connection queues")
			.baseUnit("bytes")
			.register(meters);
		for (FeatureDefinition feature : this.features.all()) {
			String name = feature.name();
			Gauge.builder("ws.streams.connections", this.registry, (registry) -> connections(registry, name))
				.description("Open connections that selected the feature")
				.tag("feature", name)
				.register(meters);
			StreamStatistics.Traffic traffic = this.statistics.feature(name);
			counter(meters, "ws.streams.messages", "Messages", name, "in", traffic,
					StreamStatistics.Traffic::messagesIn, null);
			counter(meters, "ws.streams.messages", "Messages", name, "out", traffic,
					StreamStatistics.Traffic::messagesOut, null);
			counter(meters, "ws.streams.bytes", "Message bytes", name, "in", traffic,
					StreamStatistics.Traffic::bytesIn, "bytes");
			counter(meters, "ws.streams.bytes", "Message bytes", name, "out", traffic,
					StreamStatistics.Traffic::bytesOut, "bytes");
		}
		for (ErrorCode code : ErrorCode.values()) {
			FunctionCounter.builder("ws.streams.errors", this.statistics, (stats) -> stats.errors().get(code))
				.description("Error frames sent; for RATE_LIMITED, every frame dropped over the inbound rate")
				.tag("code", code.name())
				.register(meters);
		}
		FunctionCounter.builder("ws.streams.errors", this.statistics, StreamStatistics::applicationErrors)
			.description("Error frames sent with an application's own code")
			.tag("code", "APPLICATION")
			.register(meters);
		FunctionCounter.builder("ws.streams.write.failures", this.statistics, StreamStatistics::writeFailuresIo)
			.description("Writes that failed, each closing its connection")
			.tag("cause", "io")
			.register(meters);
		FunctionCounter.builder("ws.streams.write.failures", this.statistics, StreamStatistics::writeFailuresOther)
			.description("Writes that failed, each closing its connection")
			.tag("cause", "other")
			.register(meters);
		for (String reason : REJECTION_REASONS) {
			FunctionCounter
				.builder("ws.streams.handshakes.rejected", this.statistics,
						(stats) -> stats.rejected().getOrDefault(reason, 0L))
				.description("Refused connection attempts")
				.tag("reason", reason)
				.register(meters);
		}
		for (String code : StreamStatistics.closeCodes()) {
			FunctionCounter.builder("ws.streams.closes", this.statistics, (stats) -> stats.closes(code))
				.description("Closed connections, by close code")
				.tag("code", code)
				.register(meters);
		}
	}

	private static void counter(MeterRegistry meters, String name, String description, String feature, String direction,
			StreamStatistics.Traffic traffic, ToDoubleFunction<StreamStatistics.Traffic> value,
			@Nullable String unit) {
		FunctionCounter.builder(name, traffic, value)
			.description(description)
			.baseUnit(unit)
			.tag("feature", feature)
			.tag("direction", direction)
			.register(meters);
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

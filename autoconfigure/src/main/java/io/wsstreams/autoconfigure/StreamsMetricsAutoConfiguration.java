package io.wsstreams.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsstreams.actuate.PusherMetrics;
import io.wsstreams.actuate.StreamsHealthIndicator;
import io.wsstreams.actuate.StreamsMetrics;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.connection.ConnectionDrainer;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.pusher.server.PusherWebSocketHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for ws-streams meters and the broker health indicator.
 */
@AutoConfiguration(after = { WsStreamsAutoConfiguration.class, WsStreamsPusherAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBean(ConnectionRegistry.class)
public final class StreamsMetricsAutoConfiguration {

	/**
	 * Meters, when Micrometer has a registry: a {@code MeterBinder} that Spring Boot binds
	 * to each of its registries.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StreamsMetrics wsStreamsMetrics(ConnectionRegistry registry, StreamStatistics statistics,
				FeatureRegistry features) {
			return new StreamsMetrics(registry, statistics, features);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(PusherWebSocketHandler.class)
		PusherMetrics wsStreamsPusherMetrics(PusherWebSocketHandler pusher) {
			return new PusherMetrics(pusher);
		}

	}

	/**
	 * The broker health indicator.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("streams")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "streamsHealthIndicator")
		StreamsHealthIndicator streamsHealthIndicator(MessageBroker broker, ConnectionRegistry registry,
				ConnectionDrainer drainer) {
			return new StreamsHealthIndicator(broker, registry, drainer);
		}

	}

}

package io.wsstreams.autoconfigure;

import io.wsstreams.actuate.StreamsEndpoint;
import io.wsstreams.broker.ClusterNodes;
import io.wsstreams.connection.ConnectionDrainer;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.pusher.server.PusherWebSocketHandler;
import io.wsstreams.feature.FeatureRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@code streams} actuator endpoint.
 */
@AutoConfiguration(after = WsStreamsAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(ConnectionRegistry.class)
@ConditionalOnAvailableEndpoint(StreamsEndpoint.class)
public final class StreamsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StreamsEndpoint streamsEndpoint(ConnectionRegistry registry, StreamStatistics statistics,
			FeatureRegistry features, ConnectionDrainer drainer, ObjectProvider<ClusterNodes> nodes,
			ObjectProvider<PusherWebSocketHandler> pusher) {
		return new StreamsEndpoint(registry, statistics, features, drainer, nodes.getIfAvailable(),
				pusher.getIfAvailable());
	}

}

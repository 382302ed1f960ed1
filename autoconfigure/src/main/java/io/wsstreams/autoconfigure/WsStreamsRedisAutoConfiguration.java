package io.wsstreams.autoconfigure;

import java.time.Duration;

import io.wsstreams.broker.ClusterNodes;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.TopicOccupancy;
import io.wsstreams.broker.UserConnections;
import io.wsstreams.broker.redis.RedisClusterNodes;
import io.wsstreams.broker.redis.RedisMessageBroker;
import io.wsstreams.broker.redis.RedisPresenceStore;
import io.wsstreams.broker.redis.RedisStreamLog;
import io.wsstreams.broker.redis.RedisTopicOccupancy;
import io.wsstreams.broker.redis.RedisTopics;
import io.wsstreams.broker.redis.RedisUserConnections;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.pusher.server.PusherChannels;
import io.wsstreams.pusher.server.PusherTopics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.SessionRepository;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Auto-configuration of the Redis broker and stream log, for many nodes that behave as
 * one, when {@code ws-streams.broker=redis}: never because Redis merely is on the
 * classpath. They use the application's Spring Data Redis connection (Spring Boot's
 * Redis auto-configuration, from {@code spring.data.redis.*}) over Lettuce, and take the
 * place of the in-memory ones; an application's own {@link MessageBroker} or
 * {@link StreamLog} still wins. Without Spring Data Redis, Lettuce or a
 * {@link RedisConnectionFactory}, start-up fails and says what to add.
 *
 * <p>The presence store of many nodes belongs next to the broker, over the same
 * {@link RedisTopics}: a {@code PresenceStore} bean in {@link RedisBrokerConfiguration}.
 */
@AutoConfiguration(before = WsStreamsAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, SessionRepository.class })
@ConditionalOnBooleanProperty(name = "ws-streams.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "ws-streams.broker", havingValue = "redis")
@EnableConfigurationProperties(WsStreamsProperties.class)
@Import({ WsStreamsRedisAutoConfiguration.RedisBrokerConfiguration.class,
		WsStreamsRedisAutoConfiguration.MissingRedisConfiguration.class })
public final class WsStreamsRedisAutoConfiguration {

	/** How often each node reports itself for the actuator's {@code nodes}. */
	private static final Duration NODE_REPORT_INTERVAL = Duration.ofSeconds(5);

	private static final String SPRING_DATA_REDIS = "org.springframework.data.redis.connection.RedisConnectionFactory";

	private static final String LETTUCE = "io.lettuce.core.RedisClient";

	private static final String ADD = "add spring-boot-starter-data-redis (Spring Data Redis over Lettuce) and "
			+ "spring-session-data-redis, and point spring.data.redis.* at Redis; "
			+ "or set ws-streams.broker=memory for one node";

	static InvalidConfigurationPropertyValueException redisMissing(String what) {
		return new InvalidConfigurationPropertyValueException("ws-streams.broker", "redis", what + ": " + ADD);
	}

	/**
	 * The Redis broker and log, over this node's Pub/Sub connection.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { SPRING_DATA_REDIS, LETTUCE })
	static class RedisBrokerConfiguration {

		@Bean
		RedisTopics wsStreamsRedisTopics(ObjectProvider<RedisConnectionFactory> connectionFactory,
				WsStreamsProperties properties) {
			RedisConnectionFactory factory = connectionFactory.getIfAvailable();
			if (factory == null) {
				throw redisMissing("The application has no RedisConnectionFactory");
			}
			WsStreamsProperties.Redis redis = properties.getRedis();
			try {
				return new RedisTopics(factory, redis.getPrefix(), redis.getTimeout());
			}
			catch (IllegalArgumentException ex) {
				throw redisMissing(ex.getMessage());
			}
		}

		@Bean
		@ConditionalOnMissingBean(MessageBroker.class)
		RedisMessageBroker wsStreamsRedisMessageBroker(RedisTopics topics) {
			return new RedisMessageBroker(topics);
		}

		@Bean
		@ConditionalOnMissingBean(StreamLog.class)
		RedisStreamLog wsStreamsRedisStreamLog(RedisTopics topics) {
			return new RedisStreamLog(topics);
		}

		@Bean
		@ConditionalOnMissingBean(PresenceStore.class)
		RedisPresenceStore wsStreamsRedisPresenceStore(RedisTopics topics, OutboundFrames frames) {
			return new RedisPresenceStore(topics, frames);
		}

		@Bean
		@ConditionalOnMissingBean(TopicOccupancy.class)
		@ConditionalOnBooleanProperty("ws-streams.pusher.enabled")
		RedisTopicOccupancy wsStreamsRedisPusherOccupancy(RedisTopics topics) {
			return new RedisTopicOccupancy(topics, PusherTopics.PREFIX, PusherChannels.FEATURE);
		}

		@Bean
		@ConditionalOnMissingBean(UserConnections.class)
		RedisUserConnections wsStreamsRedisUserConnections(RedisTopics topics, WsStreamsProperties properties) {
			return new RedisUserConnections(topics, properties.getPresence().getTtl());
		}

		@Bean
		@ConditionalOnMissingBean(ClusterNodes.class)
		RedisClusterNodes wsStreamsRedisClusterNodes(RedisTopics topics, ObjectProvider<ConnectionRegistry> registry) {
			return new RedisClusterNodes(topics, () -> registry.getObject().size(), NODE_REPORT_INTERVAL);
		}

	}

	/**
	 * Fails start-up when Spring Data Redis or Lettuce is missing.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(RedisClientMissing.class)
	static class MissingRedisConfiguration {

		MissingRedisConfiguration() {
			throw redisMissing("Spring Data Redis or Lettuce is not on the classpath");
		}

	}

	static final class RedisClientMissing extends NoneNestedConditions {

		RedisClientMissing() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnClass(name = { SPRING_DATA_REDIS, LETTUCE })
		static class Present {

		}

	}

}

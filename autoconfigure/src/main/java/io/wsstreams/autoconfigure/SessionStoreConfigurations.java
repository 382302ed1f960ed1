package io.wsstreams.autoconfigure;

import java.time.Duration;

import io.wsstreams.session.InMemorySessionRepository;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.config.annotation.web.http.RedisIndexedHttpSessionConfiguration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.ClassUtils;

/**
 * The session stores {@link WsStreamsSessionAutoConfiguration} chooses from, imported in
 * this order: the Redis store when its conditions hold, else the in-memory store.
 */
final class SessionStoreConfigurations {

	/**
	 * The class whose presence means that {@code spring-session-data-redis} is on the
	 * classpath.
	 */
	static final String REDIS_SESSION_REPOSITORY = "org.springframework.session.data.redis.RedisIndexedSessionRepository";

	private SessionStoreConfigurations() {
	}

	/**
	 * The Redis key namespace of the sessions ws-streams stores in Redis: the sessions'
	 * keys and channels start with it.
	 * @param properties the ws-streams properties
	 * @return {@code ws-streams.redis.prefix} followed by {@code session}
	 */
	static String redisNamespace(WsStreamsProperties properties) {
		return properties.getRedis().getPrefix() + "session";
	}

	/**
	 * Spring Session's indexed Redis store, over the application's Redis connection, as
	 * {@code @EnableRedisIndexedHttpSession} sets it up, with its filter: its session
	 * events, carried by Redis keyspace notifications, end the sockets of a session on
	 * every node at once.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = REDIS_SESSION_REPOSITORY)
	@ConditionalOnProperty(name = "ws-streams.broker", havingValue = "redis")
	@ConditionalOnBean(RedisConnectionFactory.class)
	@Import(RedisIndexedHttpSessionConfiguration.class)
	static class Redis {

		/**
		 * Keeps the sessions' keys and channels under {@code ws-streams.redis.prefix} and
		 * gives sessions ws-streams' timeout. Runs first, so that the application's own
		 * customizers may change either.
		 * @param properties the ws-streams properties
		 * @param environment the environment, for Spring Boot's session timeouts
		 * @return the customizer
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SessionRepositoryCustomizer<RedisIndexedSessionRepository> wsStreamsRedisSessionRepositoryCustomizer(
				WsStreamsProperties properties, Environment environment) {
			String namespace = redisNamespace(properties);
			Duration timeout = SessionStoreTimeout.determine(properties.getSession(), environment);
			return (repository) -> {
				repository.setRedisKeyNamespace(namespace);
				repository.setDefaultMaxInactiveInterval(timeout);
			};
		}

	}

	/**
	 * ws-streams' in-memory store, for a single node, and the filter that makes HTTP
	 * requests use it. Refused with {@code ws-streams.broker=redis}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SessionRepository.class)
	static class InMemory {

		@Bean
		InMemorySessionRepository sessionRepository(ApplicationEventPublisher events, WsStreamsProperties properties,
				Environment environment, ConfigurableListableBeanFactory beanFactory) {
			if (properties.getBroker() == WsStreamsProperties.Broker.REDIS) {
				throw new RedisSessionStoreMissingException(
						ClassUtils.isPresent(REDIS_SESSION_REPOSITORY, beanFactory.getBeanClassLoader()));
			}
			return new InMemorySessionRepository(events,
					SessionStoreTimeout.determine(properties.getSession(), environment));
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(SessionRepositoryFilter.class)
		@Import(SpringHttpSessionConfiguration.class)
		static class SessionFilterConfiguration {

		}

	}

}

package io.wsstreams.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Auto-configuration of the Spring Session store that ws-streams' sockets are tied to,
 * when the application has none: Spring Session's indexed Redis store with
 * {@code ws-streams.broker=redis}, ws-streams' in-memory store otherwise. Either comes
 * with Spring Session's {@link SessionRepositoryFilter}, so that HTTP requests use the
 * same sessions.
 *
 * <p>A {@link SessionRepository} of the application's own always wins, and so do the
 * stores of Spring Boot's Spring Session modules: this auto-configuration runs after
 * theirs. Like them, it runs before Spring Boot's {@code SessionAutoConfiguration}, whose
 * registration of the filter (its order and dispatcher types, from
 * {@code spring.session.servlet.*}) then applies to ws-streams' filter too.
 *
 * <p>With {@code ws-streams.broker=redis} the in-memory store is refused: each node would
 * know only the sessions signed in on it. Start-up fails with
 * {@link RedisSessionStoreMissingException} instead.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
				"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
				"org.springframework.boot.session.data.mongodb.autoconfigure.SessionDataMongoAutoConfiguration",
				"org.springframework.boot.session.hazelcast.autoconfigure.HazelcastSessionAutoConfiguration" },
		beforeName = "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, SessionRepository.class })
@ConditionalOnBooleanProperty(name = "ws-streams.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(SessionRepository.class)
@EnableConfigurationProperties(WsStreamsProperties.class)
@Import({ SessionStoreConfigurations.Redis.class, SessionStoreConfigurations.InMemory.class })
public final class WsStreamsSessionAutoConfiguration {

}

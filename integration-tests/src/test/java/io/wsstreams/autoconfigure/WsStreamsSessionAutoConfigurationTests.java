package io.wsstreams.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.session.SessionLifecycle;
import io.wsstreams.session.StreamsHandshakeInterceptor;
import io.wsstreams.it.RedisTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsStreamsSessionAutoConfiguration}: which session store ws-streams'
 * sockets are tied to, next to the application's own and Spring Boot's.
 */
class WsStreamsSessionAutoConfigurationTests {

	/**
	 * ws-streams' auto-configurations listed first: only their ordering can put Spring
	 * Boot's session stores before them.
	 */
	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WsStreamsSessionAutoConfiguration.class, WsStreamsAutoConfiguration.class));

	private final WebApplicationContextRunner jdbcRunner = this.contextRunner
		.withConfiguration(AutoConfigurations.of(JdbcSessionAutoConfiguration.class, SessionAutoConfiguration.class,
				DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	private final WebApplicationContextRunner redisRunner = this.contextRunner
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + RedisTestSupport.HOST,
				"spring.data.redis.port=" + RedisTestSupport.PORT);

	@Test
	void providesTheInMemoryStoreAndItsFilterByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SessionRepository.class)
				.hasSingleBean(InMemorySessionRepository.class)
				.hasSingleBean(SessionRepositoryFilter.class);
			assertEndpointUses(context, context.getBean(InMemorySessionRepository.class));
		});
	}

	@Test
	void backsOffForAnApplicationSessionRepository() {
		this.contextRunner.withUserConfiguration(SessionRepositoryConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(InMemorySessionRepository.class)
				.doesNotHaveBean(SessionRepositoryFilter.class)
				.hasSingleBean(SessionRepository.class);
			assertEndpointUses(context, context.getBean("applicationSessions"));
		});
	}

	@Test
	void anApplicationSessionRepositoryWinsWithTheRedisBrokerToo() {
		this.redisRunner.withUserConfiguration(SessionRepositoryConfiguration.class)
			.withPropertyValues("ws-streams.broker=redis")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SessionRepository.class)
					.doesNotHaveBean(RedisIndexedSessionRepository.class);
				assertEndpointUses(context, context.getBean("applicationSessions"));
			});
	}

	@Test
	void backsOffForSpringBootsJdbcSessionStore() {
		this.jdbcRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SessionRepository.class)
				.hasSingleBean(JdbcIndexedSessionRepository.class)
				.doesNotHaveBean(InMemorySessionRepository.class)
				.hasSingleBean(SessionRepositoryFilter.class);
			JdbcIndexedSessionRepository sessions = context.getBean(JdbcIndexedSessionRepository.class);
			assertEndpointUses(context, sessions);
			assertStoresSessions(sessions);
		});
	}

	@Test
	void springBootsJdbcSessionStoreServesTheRedisBroker() {
		this.jdbcRunner.withPropertyValues("ws-streams.broker=redis").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SessionRepository.class)
				.hasSingleBean(JdbcIndexedSessionRepository.class);
		});
	}

	@Test
	void springBootRegistersTheInMemoryStoresFilterAsItsProperties() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(SessionAutoConfiguration.class))
			.withPropertyValues("spring.session.servlet.filter-order=-42")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(InMemorySessionRepository.class)
					.hasSingleBean(SessionRepositoryFilter.class)
					.hasSingleBean(DelegatingFilterProxyRegistrationBean.class);
				assertThat(context.getBean(DelegatingFilterProxyRegistrationBean.class).getOrder()).isEqualTo(-42);
			});
	}

	@Test
	void keepsTheInMemoryStoreWithTheMemoryBrokerWhenRedisIsAvailable() {
		assertInMemoryStoreNextToRedis("ws-streams.broker=memory");
	}

	@Test
	void neverChoosesRedisSessionsBecauseRedisIsAvailable() {
		assertInMemoryStoreNextToRedis();
	}

	private void assertInMemoryStoreNextToRedis(String... properties) {
		this.redisRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(RedisConnectionFactory.class)
				.hasSingleBean(SessionRepository.class)
				.hasSingleBean(InMemorySessionRepository.class)
				.doesNotHaveBean(RedisIndexedSessionRepository.class);
		});
	}

	@Test
	void providesSpringSessionsIndexedRedisStoreWithTheRedisBroker() {
		String prefix = RedisTestSupport.uniquePrefix();
		runWithRedisSessions(prefix, (context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SessionRepository.class)
				.hasSingleBean(RedisIndexedSessionRepository.class)
				.doesNotHaveBean(InMemorySessionRepository.class)
				.hasSingleBean(SessionRepositoryFilter.class);
			RedisIndexedSessionRepository sessions = context.getBean(RedisIndexedSessionRepository.class);
			assertEndpointUses(context, sessions);
			assertThat(sessions.getSessionCreatedChannelPrefix()).startsWith(prefix + "session:");
			RedisIndexedSessionRepository.RedisSession session = sessions.createSession();
			session.setAttribute("user", "alice");
			sessions.save(session);
			StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
			assertThat(redis.hasKey(prefix + "session:sessions:" + session.getId())).isTrue();
			assertThat(sessions.findById(session.getId())).isNotNull();
			sessions.deleteById(session.getId());
			assertThat(sessions.findById(session.getId())).isNull();
			try (RedisConnection connection = context.getBean(RedisConnectionFactory.class).getConnection()) {
				Properties config = connection.serverCommands().getConfig("notify-keyspace-events");
				assertThat(config.getProperty("notify-keyspace-events")).as("keyspace notifications")
					.contains("E")
					.contains("x");
			}
		});
	}

	@Test
	void redisSessionsTimeOutAfterTheWsStreamsSessionTimeout() {
		runWithRedisSessions(RedisTestSupport.uniquePrefix(),
				(context) -> assertThat(context.getBean(RedisIndexedSessionRepository.class)
					.createSession()
					.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(5)),
				"ws-streams.session.timeout=5m", "spring.session.timeout=45m");
	}

	@Test
	void redisSessionsTimeOutAfterSpringSessionTimeoutWhenWsStreamsHasNone() {
		runWithRedisSessions(RedisTestSupport.uniquePrefix(),
				(context) -> assertThat(context.getBean(RedisIndexedSessionRepository.class)
					.createSession()
					.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(45)),
				"spring.session.timeout=45m");
	}

	@Test
	void refusesTheInMemoryStoreWithTheRedisBrokerWithoutSpringSessionDataRedis() {
		this.redisRunner.withClassLoader(new FilteredClassLoader("org.springframework.session.data.redis"))
			.withPropertyValues("ws-streams.broker=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(RedisSessionStoreMissingException.class)
					.hasMessageContaining("ws-streams.broker=redis")
					.hasMessageContaining("spring-session-data-redis is not on the classpath");
				FailureAnalysis analysis = new RedisSessionStoreMissingFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("ws-streams.broker is redis")
					.contains("spring-session-data-redis is not on the classpath");
				assertThat(analysis.getAction()).contains("org.springframework.session:spring-session-data-redis")
					.contains("ws-streams.broker=memory");
			});
	}

	@Test
	void refusesTheInMemoryStoreWithTheRedisBrokerWithoutARedisConnection() {
		this.contextRunner.withPropertyValues("ws-streams.broker=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(RedisSessionStoreMissingException.class)
				.hasMessageContaining("no RedisConnectionFactory bean");
		});
	}

	@Test
	void registersTheFailureAnalyzer() {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, null, FailureHandler.handleMessage((message, failure) -> {
			}));
		assertThat(analyzers).hasAtLeastOneElementOfType(RedisSessionStoreMissingFailureAnalyzer.class);
	}

	@Test
	void providesNoSessionStoreWhenDisabled() {
		this.contextRunner.withPropertyValues("ws-streams.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionRepository.class)
				.doesNotHaveBean(SessionRepositoryFilter.class));
	}

	@Test
	void inMemorySessionsTimeOutAfterThirtyMinutesByDefault() {
		assertInMemorySessionTimeout(Duration.ofMinutes(30));
	}

	@Test
	void inMemorySessionsTimeOutAfterTheWsStreamsSessionTimeout() {
		assertInMemorySessionTimeout(Duration.ofMinutes(5), "ws-streams.session.timeout=5m",
				"spring.session.timeout=45m", "server.servlet.session.timeout=20m");
	}

	@Test
	void inMemorySessionsTimeOutAfterSpringSessionTimeoutWhenWsStreamsHasNone() {
		assertInMemorySessionTimeout(Duration.ofMinutes(45), "spring.session.timeout=45m",
				"server.servlet.session.timeout=20m");
	}

	@Test
	void inMemorySessionsTimeOutAfterTheServletSessionTimeoutWhenNeitherSessionTimeoutIsSet() {
		assertInMemorySessionTimeout(Duration.ofMinutes(20), "server.servlet.session.timeout=20m");
	}

	@Test
	void springBootSessionTimeoutsWithoutAUnitAreSeconds() {
		assertInMemorySessionTimeout(Duration.ofSeconds(90), "spring.session.timeout=90");
		assertInMemorySessionTimeout(Duration.ofSeconds(600), "server.servlet.session.timeout=600");
	}

	private void assertInMemorySessionTimeout(Duration expected, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(InMemorySessionRepository.class).createSession().getMaxInactiveInterval())
				.isEqualTo(expected);
		});
	}

	private static <S extends Session> void assertStoresSessions(SessionRepository<S> sessions) {
		S session = sessions.createSession();
		sessions.save(session);
		assertThat(sessions.findById(session.getId())).isNotNull();
	}

	private static void assertEndpointUses(AssertableWebApplicationContext context, Object sessions) {
		assertThat(context).hasSingleBean(StreamsHandshakeInterceptor.class).hasSingleBean(SessionLifecycle.class);
		assertThat(context.getBean(StreamsHandshakeInterceptor.class)).extracting("sessions").isSameAs(sessions);
		assertThat(context.getBean(SessionLifecycle.class)).extracting("repository").isSameAs(sessions);
	}

	/**
	 * Runs a context with ws-streams' Redis session store under a prefix of its own, and
	 * removes the prefix's keys afterwards.
	 * @param prefix the prefix
	 * @param consumer what to check
	 * @param properties more properties
	 */
	private void runWithRedisSessions(String prefix, ContextConsumer<AssertableWebApplicationContext> consumer,
			String... properties) {
		RedisTestSupport.requireRedis();
		try {
			this.redisRunner.withPropertyValues("ws-streams.broker=redis", "ws-streams.redis.prefix=" + prefix)
				.withPropertyValues(properties)
				.run(consumer);
		}
		finally {
			RedisTestSupport.deleteKeys(prefix);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SessionRepositoryConfiguration {

		@Bean
		MapSessionRepository applicationSessions() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

}

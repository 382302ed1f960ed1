package io.wsstreams.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.session.SessionLifecycle;
import io.wsstreams.session.StreamsHandshakeInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
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

	@Configuration(proxyBeanMethods = false)
	static class SessionRepositoryConfiguration {

		@Bean
		MapSessionRepository applicationSessions() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

}

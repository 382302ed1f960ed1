package io.wsstreams.autoconfigure;

import io.wsstreams.PublishResult;
import io.wsstreams.StreamAuthorizer;
import io.wsstreams.StreamPublisher;
import io.wsstreams.StreamUser;
import io.wsstreams.StreamUserResolver;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.memory.InMemoryMessageBroker;
import io.wsstreams.broker.memory.InMemoryStreamLog;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.HeartbeatMonitor;
import io.wsstreams.connection.StreamsWebSocketHandler;
import io.wsstreams.delivery.DefaultStreamPublisher;
import io.wsstreams.dispatch.FeatureDispatcher;
import io.wsstreams.dispatch.PayloadValidator;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.session.SessionLifecycle;
import io.wsstreams.session.StreamsHandshakeInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsStreamsAutoConfiguration}.
 */
class WsStreamsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WsStreamsAutoConfiguration.class, WsStreamsSessionAutoConfiguration.class));

	@Test
	void createsTheEngineByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(StreamsWebSocketHandler.class)
				.hasSingleBean(ConnectionRegistry.class)
				.hasSingleBean(FeatureRegistry.class)
				.hasSingleBean(FeatureDispatcher.class)
				.hasSingleBean(HeartbeatMonitor.class)
				.hasSingleBean(StreamPublisher.class)
				.hasSingleBean(StreamAuthorizer.class)
				.hasSingleBean(StreamUserResolver.class)
				.hasSingleBean(StreamsHandshakeInterceptor.class)
				.hasSingleBean(SessionLifecycle.class)
				.hasSingleBean(InMemorySessionRepository.class)
				.hasSingleBean(SessionRepositoryFilter.class)
				.hasBean("wsStreamsHandlerMapping");
			assertThat(context.getBean(MessageBroker.class)).isInstanceOf(InMemoryMessageBroker.class);
			assertThat(context.getBean("wsStreamsHandlerMapping", WebSocketHandlerMapping.class).getUrlMap())
				.containsOnlyKeys("/ws");
			assertThat(context.getBean(StreamLog.class)).isInstanceOfSatisfying(InMemoryStreamLog.class,
					(log) -> assertThat(log.isRunning()).as("purging expired topics").isTrue());
		});
	}

	@Test
	void mapsTheEndpointToTheConfiguredPath() {
		this.contextRunner.withPropertyValues("ws-streams.path=/streams")
			.run((context) -> assertThat(context.getBean("wsStreamsHandlerMapping", WebSocketHandlerMapping.class)
				.getUrlMap()).containsOnlyKeys("/streams"));
	}

	@Test
	void refusesAnUpgradedSocketBufferTooSmallToReadThrough() {
		this.contextRunner.withPropertyValues("ws-streams.transport.tomcat-upgraded-socket-buffer-size=100B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ws-streams.transport.tomcat-upgraded-socket-buffer-size")
				.hasMessageContaining("Must be 0 (keep the connector's buffers) or 256 B to 64 MB"));
	}

	@Test
	void validatesPayloadsWithTheApplicationsValidator() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(PayloadValidator.class));
	}

	@Test
	void backsOffForUserDefinedStreamAuthorizer() {
		this.contextRunner.withUserConfiguration(AuthorizerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(StreamAuthorizer.class);
			assertThat(context).getBean(StreamAuthorizer.class).isSameAs(context.getBean("denyAll"));
		});
	}

	@Test
	void backsOffForUserDefinedMessageBroker() {
		this.contextRunner.withUserConfiguration(BrokerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MessageBroker.class);
			assertThat(context).getBean(MessageBroker.class).isSameAs(context.getBean("customBroker"));
			assertThat(context).hasSingleBean(ConnectionRegistry.class);
		});
	}

	@Test
	void backsOffForUserDefinedStreamUserResolver() {
		this.contextRunner.withUserConfiguration(UserResolverConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(StreamUserResolver.class);
			assertThat(context).getBean(StreamUserResolver.class).isSameAs(context.getBean("headerUsers"));
		});
	}

	@Test
	void injectsAPrimaryUserStreamPublisherWhileTheEngineKeepsItsOwn() {
		this.contextRunner.withUserConfiguration(PublisherConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(StreamPublisher.class).isSameAs(context.getBean("auditingPublisher"));
			assertThat(context).hasSingleBean(DefaultStreamPublisher.class);
		});
	}

	@Test
	void switchesEverythingOffWhenDisabled() {
		this.contextRunner.withPropertyValues("ws-streams.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(StreamsWebSocketHandler.class)
				.doesNotHaveBean(ConnectionRegistry.class)
				.doesNotHaveBean(StreamPublisher.class)
				.doesNotHaveBean(InMemorySessionRepository.class)
				.doesNotHaveBean(SessionRepositoryFilter.class)
				.doesNotHaveBean(WsStreamsProperties.class)
				.doesNotHaveBean("wsStreamsHandlerMapping");
		});
	}

	@Test
	void isNotActiveInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WsStreamsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(StreamsWebSocketHandler.class)
					.doesNotHaveBean(StreamPublisher.class);
			});
	}

	@Test
	void isNotActiveWithoutSpringSession() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SessionRepository.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(StreamsWebSocketHandler.class));
	}

	@Test
	void worksWithoutBeanValidationOnTheClasspath() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("jakarta.validation"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(StreamsWebSocketHandler.class)
					.hasSingleBean(FeatureDispatcher.class)
					.doesNotHaveBean(PayloadValidator.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class AuthorizerConfiguration {

		@Bean
		StreamAuthorizer denyAll() {
			return new StreamAuthorizer() {

				@Override
				public boolean canSubscribe(StreamUser user, String stream, String feature) {
					return false;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BrokerConfiguration {

		@Bean
		MessageBroker customBroker() {
			return new InMemoryMessageBroker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserResolverConfiguration {

		@Bean
		StreamUserResolver headerUsers() {
			return (session) -> new StreamUser("fixed");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PublisherConfiguration {

		@Bean
		@Primary
		StreamPublisher auditingPublisher() {
			return new StreamPublisher() {

				@Override
				public PublishResult publish(String stream, String feature, String event, Object data) {
					return new PublishResult(null);
				}

				@Override
				public void publishToUser(String userId, String feature, String event, Object data) {
				}

			};
		}

	}

}

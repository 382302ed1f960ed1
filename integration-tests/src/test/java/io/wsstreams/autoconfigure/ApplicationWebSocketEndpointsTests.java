package io.wsstreams.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.websocket.server.ServerEndpoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApplicationWebSocketEndpoints}, run where the web server is created:
 * after the bean definitions are registered and before any application bean exists.
 */
class ApplicationWebSocketEndpointsTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WsStreamsAutoConfiguration.class, WsStreamsSessionAutoConfiguration.class));

	@Test
	void findsNothingBesidesWsStreams() {
		assertThat(detect()).isEmpty();
	}

	@Test
	void findsEnableWebSocketAndItsConfigurer() {
		assertThat(detect(WebSocketConfiguration.class)).contains("applicationWebSocketEndpointsTests.WebSocketConfiguration");
	}

	@Test
	void findsStompAndItsConfigurer() {
		assertThat(detect(StompConfiguration.class)).contains("applicationWebSocketEndpointsTests.StompConfiguration");
	}

	@Test
	void findsAServerEndpointExporterAndAnnotatedEndpoints() {
		assertThat(detect(JakartaConfiguration.class)).contains("serverEndpointExporter", "annotatedEndpoint");
	}

	@Test
	void findsAHandlerBeanMappedThroughAPlainHandlerMapping() {
		assertThat(detect(HandlerBeanConfiguration.class)).containsExactly("graphQlLikeHandler");
	}

	@Test
	void findsAWebSocketHandlerMappingOfItsOwn() {
		assertThat(detect(MappingConfiguration.class)).containsExactly("ownMapping");
	}

	@Test
	void createsNoBeanAndNoFactoryBeanToFindOut() {
		List<Set<String>> created = new ArrayList<>();
		List<Boolean> factoryBeanCreated = new ArrayList<>();
		this.contextRunner
			.withUserConfiguration(HandlerBeanConfiguration.class, JakartaConfiguration.class,
					FactoryBeanConfiguration.class)
			.withInitializer((context) -> context.addBeanFactoryPostProcessor((beanFactory) -> {
				FactoryBeanConfiguration.created = false;
				Set<String> before = Set.of(beanFactory.getSingletonNames());
				assertThat(ApplicationWebSocketEndpoints.find(beanFactory)).isNotEmpty();
				Set<String> after = new HashSet<>(List.of(beanFactory.getSingletonNames()));
				after.removeAll(before);
				created.add(after);
				factoryBeanCreated.add(FactoryBeanConfiguration.created);
			}))
			.run((context) -> {
			});
		assertThat(created).singleElement().satisfies((names) -> assertThat(names).isEmpty());
		assertThat(factoryBeanCreated).containsExactly(false);
	}

	private Set<String> detect(Class<?>... configurations) {
		List<Set<String>> found = new ArrayList<>();
		this.contextRunner.withUserConfiguration(configurations)
			.withInitializer((context) -> context.addBeanFactoryPostProcessor(
					(beanFactory) -> found.add(ApplicationWebSocketEndpoints.find(beanFactory))))
			.run((context) -> {
			});
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class WebSocketConfiguration implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new TextWebSocketHandler(), "/own");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class StompConfiguration implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JakartaConfiguration {

		@Bean
		ServerEndpointExporter serverEndpointExporter() {
			return new ServerEndpointExporter();
		}

		@Bean
		AnnotatedEndpoint annotatedEndpoint() {
			return new AnnotatedEndpoint();
		}

	}

	@ServerEndpoint("/jakarta")
	static class AnnotatedEndpoint {

	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerBeanConfiguration {

		@Bean
		TextWebSocketHandler graphQlLikeHandler() {
			return new TextWebSocketHandler();
		}

		@Bean
		HandlerMapping graphQlLikeMapping(WebSocketHandler graphQlLikeHandler) {
			return new WebSocketHandlerMapping();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MappingConfiguration {

		@Bean
		WebSocketHandlerMapping ownMapping() {
			return new WebSocketHandlerMapping();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FactoryBeanConfiguration {

		static volatile boolean created;

		@Bean
		static FactoryBean<Object> opaque() {
			created = true;
			return new FactoryBean<>() {

				@Override
				public Object getObject() {
					return new Object();
				}

				@Override
				public @Nullable Class<?> getObjectType() {
					return null;
				}

			};
		}

	}

}

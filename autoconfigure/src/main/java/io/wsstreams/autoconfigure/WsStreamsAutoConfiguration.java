package io.wsstreams.autoconfigure;

import java.util.Map;

import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.memory.InMemoryMessageBroker;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.ConnectionSettings;
import io.wsstreams.connection.HeartbeatMonitor;
import io.wsstreams.connection.JoinHandler;
import io.wsstreams.connection.LiveJoinHandler;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.connection.StreamsWebSocketHandler;
import io.wsstreams.feature.BeanValidationPayloadValidator;
import io.wsstreams.feature.FeatureDispatcher;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.feature.PayloadValidator;
import io.wsstreams.feature.StreamFeature;
import io.wsstreams.protocol.InboundFrameReader;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.publish.DefaultStreamPublisher;
import io.wsstreams.publish.StreamPublisher;
import io.wsstreams.security.StreamAuthorizer;
import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.session.OriginPolicy;
import io.wsstreams.session.SecurityContextUserResolver;
import io.wsstreams.session.SessionAttributeUserResolver;
import io.wsstreams.session.SessionIdResolver;
import io.wsstreams.session.SessionLifecycle;
import io.wsstreams.session.StreamUserResolver;
import io.wsstreams.session.StreamsHandshakeInterceptor;
import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Auto-configuration for ws-streams: the WebSocket endpoint at {@code ws-streams.path},
 * feature dispatch, the in-memory broker and the Spring Session integration.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, SessionRepository.class })
@ConditionalOnBooleanProperty(name = "ws-streams.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsStreamsProperties.class)
@Import({ WsStreamsAutoConfiguration.SessionStoreConfiguration.class,
		WsStreamsAutoConfiguration.TomcatTransportConfiguration.class })
public final class WsStreamsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StreamStatistics wsStreamsStatistics() {
		return new StreamStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	FeatureRegistry wsStreamsFeatureRegistry() {
		return new FeatureRegistry();
	}

	@Bean
	static SmartInitializingSingleton wsStreamsFeatureScanner(ApplicationContext context,
			ObjectProvider<FeatureRegistry> registry) {
		return () -> {
			Map<String, Object> beans = context.getBeansWithAnnotation(StreamFeature.class);
			registry.getObject().initialize(beans);
		};
	}

	@Bean
	@ConditionalOnMissingBean
	OutboundFrames wsStreamsOutboundFrames(ObjectProvider<JsonMapper> jsonMapper) {
		return new OutboundFrames(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	MessageBroker wsStreamsMessageBroker() {
		return new InMemoryMessageBroker();
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionRegistry wsStreamsConnectionRegistry(MessageBroker broker, OutboundFrames frames,
			StreamStatistics statistics) {
		ConnectionRegistry registry = new ConnectionRegistry(broker, frames, statistics);
		broker.start(registry);
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean(StreamPublisher.class)
	DefaultStreamPublisher wsStreamsPublisher(FeatureRegistry features, OutboundFrames frames, MessageBroker broker) {
		return new DefaultStreamPublisher(features, frames, broker);
	}

	@Bean
	@ConditionalOnMissingBean
	StreamAuthorizer wsStreamsAuthorizer() {
		return new StreamAuthorizer() {
		};
	}

	@Bean
	@ConditionalOnMissingBean
	FeatureDispatcher wsStreamsFeatureDispatcher(OutboundFrames frames, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<PayloadValidator> validator, StreamAuthorizer authorizer, DefaultStreamPublisher publisher,
			StreamStatistics statistics) {
		return new FeatureDispatcher(frames, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				validator.getIfAvailable(), authorizer, publisher, statistics);
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	HeartbeatMonitor wsStreamsHeartbeatMonitor(ConnectionRegistry registry, WsStreamsProperties properties) {
		return new HeartbeatMonitor(registry, properties.getHeartbeat().getInterval(),
				properties.getHeartbeat().getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	JoinHandler wsStreamsJoinHandler(ConnectionRegistry registry) {
		return new LiveJoinHandler(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	StreamsWebSocketHandler wsStreamsWebSocketHandler(FeatureRegistry features, ConnectionRegistry registry,
			FeatureDispatcher dispatcher, OutboundFrames frames, StreamAuthorizer authorizer,
			StreamStatistics statistics, HeartbeatMonitor heartbeats, JoinHandler joins,
			WsStreamsProperties properties) {
		WsStreamsProperties.Limits limits = properties.getLimits();
		ConnectionSettings settings = new ConnectionSettings((int) limits.getMaxFrameSize().toBytes(),
				limits.getMaxOutboundQueue().toBytes(), limits.getInboundRate(), limits.getInboundBurst(),
				properties.getHeartbeat().getInterval(), properties.getHeartbeat().getTimeout(),
				limits.getCloseTimeout());
		InboundFrameReader reader = new InboundFrameReader(limits.getMaxJsonDepth(), limits.getMaxJsonStringLength());
		return new StreamsWebSocketHandler(features, registry, dispatcher, reader, frames, authorizer, settings,
				limits.getConnectionsPerUser(), statistics, heartbeats, joins);
	}

	@Bean
	@ConditionalOnMissingBean
	StreamUserResolver wsStreamsUserResolver(WsStreamsProperties properties) {
		StreamUserResolver attribute = new SessionAttributeUserResolver(properties.getSession().getUserAttribute());
		return SecurityPresence.PRESENT ? new SecurityContextUserResolver(attribute) : attribute;
	}

	@Bean
	@ConditionalOnMissingBean
	StreamsHandshakeInterceptor wsStreamsHandshakeInterceptor(WsStreamsProperties properties,
			SessionRepository<? extends Session> sessions, StreamUserResolver users,
			ObjectProvider<CookieSerializer> cookieSerializer, ObjectProvider<HttpSessionIdResolver> httpResolver,
			StreamStatistics statistics) {
		OriginPolicy origins = new OriginPolicy(properties.getAllowedOrigins(), properties.getAllowedOriginPatterns());
		SessionIdResolver ids = new SessionIdResolver(cookieSerializer.getIfAvailable(DefaultCookieSerializer::new),
				httpResolver.getIfAvailable(), properties.getSession().getHeaderName());
		return new StreamsHandshakeInterceptor(origins, ids, sessions, users, properties.getSession().isRequired(),
				statistics, () -> true);
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	SessionLifecycle wsStreamsSessionLifecycle(ConnectionRegistry registry,
			SessionRepository<? extends Session> sessions, WsStreamsProperties properties) {
		return new SessionLifecycle(registry, sessions, properties.getSession().getCheckInterval(),
				properties.getSession().getTouchInterval());
	}

	@Bean
	@ConditionalOnMissingBean(name = "wsStreamsHandlerMapping")
	WebSocketHandlerMapping wsStreamsHandlerMapping(StreamsWebSocketHandler handler,
			StreamsHandshakeInterceptor interceptor, WsStreamsProperties properties) {
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
				new DefaultHandshakeHandler());
		requestHandler.getHandshakeInterceptors().add(interceptor);
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setUrlMap(Map.of(properties.getPath(), requestHandler));
		mapping.setOrder(1);
		return mapping;
	}

	/**
	 * Validates payloads with Bean Validation when a validator exists.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Validator.class)
	static class BeanValidationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(Validator.class)
		PayloadValidator wsStreamsPayloadValidator(Validator validator) {
			return new BeanValidationPayloadValidator(validator);
		}

	}

	/**
	 * Provides an in-memory Spring Session store, and the filter that makes HTTP requests
	 * use it, when the application has no session store.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SessionRepository.class)
	static class SessionStoreConfiguration {

		@Bean
		InMemorySessionRepository sessionRepository(ApplicationEventPublisher events, WsStreamsProperties properties) {
			return new InMemorySessionRepository(events, properties.getSession().getTimeout());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(SessionRepositoryFilter.class)
		@Import(SpringHttpSessionConfiguration.class)
		static class SessionFilterConfiguration {

		}

	}

	/**
	 * Keeps the per-session message buffers of Tomcat's WebSocket container small.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.tomcat.websocket.server.WsServerContainer")
	static class TomcatTransportConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static ContainerBufferInitializer wsStreamsContainerBufferInitializer(WsStreamsProperties properties) {
			return new ContainerBufferInitializer((int) properties.getTransport().getMessageBufferSize().toBytes());
		}

	}

	static final class SecurityPresence {

		static final boolean PRESENT = org.springframework.util.ClassUtils.isPresent(
				"org.springframework.security.core.context.SecurityContext", SecurityPresence.class.getClassLoader());

	}

}

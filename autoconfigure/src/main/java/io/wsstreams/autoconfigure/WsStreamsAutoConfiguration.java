package io.wsstreams.autoconfigure;

import java.util.Map;

import io.wsstreams.StreamAuthorizer;
import io.wsstreams.StreamPublisher;
import io.wsstreams.StreamUserResolver;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.TopicRouter;
import io.wsstreams.broker.UserConnections;
import io.wsstreams.broker.memory.InMemoryMessageBroker;
import io.wsstreams.broker.memory.InMemoryPresenceStore;
import io.wsstreams.broker.memory.InMemoryStreamLog;
import io.wsstreams.connection.ConnectionDrainer;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.ConnectionSettings;
import io.wsstreams.connection.DrainableSockets;
import io.wsstreams.connection.HeartbeatMonitor;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.connection.StreamsWebSocketHandler;
import io.wsstreams.delivery.DefaultStreamPublisher;
import io.wsstreams.delivery.Deliveries;
import io.wsstreams.delivery.LiveDelivery;
import io.wsstreams.delivery.LogDelivery;
import io.wsstreams.delivery.PresenceFeature;
import io.wsstreams.delivery.PresenceService;
import io.wsstreams.delivery.StreamsPolicy;
import io.wsstreams.dispatch.BeanValidationPayloadValidator;
import io.wsstreams.dispatch.FeatureDispatcher;
import io.wsstreams.dispatch.PayloadValidator;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.InboundFrameReader;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.session.OriginPolicy;
import io.wsstreams.session.SecurityContextUserResolver;
import io.wsstreams.session.SessionAttributeUserResolver;
import io.wsstreams.session.SessionIdResolver;
import io.wsstreams.session.SessionLifecycle;
import io.micrometer.observation.ObservationRegistry;
import io.wsstreams.observation.DispatchObservationConvention;
import io.wsstreams.observation.PublishObservationConvention;
import io.wsstreams.session.StreamsHandshakeInterceptor;
import io.wsstreams.session.WebSocketProtocolBearerTokenResolver;
import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Auto-configuration for ws-streams: the WebSocket endpoint at {@code ws-streams.path},
 * feature dispatch, the delivery strategies over the in-memory broker, and the Spring
 * Session integration, in one nested configuration per concern.
 *
 * <p>Beans an application may replace are its extension points, each documented in
 * docs/configuration.md: {@link MessageBroker}, {@link StreamLog}, {@link PresenceStore},
 * {@link StreamAuthorizer}, {@link StreamUserResolver}, {@link PayloadValidator} and the
 * Spring Session {@link SessionRepository}. Everything else is the engine's own.
 *
 * <p>Ordered before Micrometer's auto-configuration: the feature beans are read, and meter
 * binders are bound, once every singleton exists, in the order their beans are defined;
 * the meters therefore see every feature.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration" },
		beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, SessionRepository.class })
@ConditionalOnBooleanProperty(name = "ws-streams.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsStreamsProperties.class)
@Import({ WsStreamsAutoConfiguration.BrokerConfiguration.class,
		WsStreamsAutoConfiguration.FeatureConfiguration.class,
		WsStreamsAutoConfiguration.ConnectionConfiguration.class,
		WsStreamsAutoConfiguration.DeliveryConfiguration.class,
		WsStreamsAutoConfiguration.EndpointConfiguration.class,
		WsStreamsAutoConfiguration.TomcatTransportConfiguration.class,
		WsStreamsAutoConfiguration.ClientScriptConfiguration.class })
public final class WsStreamsAutoConfiguration {

	/**
	 * Where publications, logs and presence live: in memory unless the application
	 * provides its own.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BrokerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MessageBroker wsStreamsMessageBroker() {
			return new InMemoryMessageBroker();
		}

		@Bean
		@ConditionalOnMissingBean
		StreamLog wsStreamsStreamLog(WsStreamsProperties properties) {
			return new InMemoryStreamLog(properties.getStreams().getMaxMemory().toBytes());
		}

		@Bean
		@ConditionalOnMissingBean
		PresenceStore wsStreamsPresenceStore(OutboundFrames frames) {
			return new InMemoryPresenceStore(frames);
		}

		@Bean
		@ConditionalOnMissingBean
		UserConnections wsStreamsUserConnections() {
			return UserConnections.LOCAL;
		}

	}

	/**
	 * The application's features, the frames' encoding, and the dispatch of inbound frames
	 * to handler methods.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FeatureConfiguration {

		@Bean
		FeatureRegistry wsStreamsFeatureRegistry() {
			return new FeatureRegistry();
		}

		@Bean
		FeatureScanner wsStreamsFeatureScanner(ApplicationContext context, FeatureRegistry registry,
				Deliveries deliveries, WsStreamsProperties properties) {
			return new FeatureScanner(context, registry, deliveries, properties.getPath());
		}

		@Bean
		OutboundFrames wsStreamsOutboundFrames(ObjectProvider<JsonMapper> jsonMapper) {
			return new OutboundFrames(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
		}

		@Bean
		StreamStatistics wsStreamsStatistics() {
			return new StreamStatistics();
		}

		@Bean
		@ConditionalOnMissingBean
		StreamAuthorizer wsStreamsAuthorizer() {
			return new StreamAuthorizer() {
			};
		}

		@Bean
		FeatureDispatcher wsStreamsFeatureDispatcher(OutboundFrames frames, ObjectProvider<JsonMapper> jsonMapper,
				ObjectProvider<PayloadValidator> validator, StreamAuthorizer authorizer, DefaultStreamPublisher publisher,
				StreamStatistics statistics, Deliveries deliveries, ObjectProvider<ObservationRegistry> observations,
				ObjectProvider<DispatchObservationConvention> convention) {
			return new FeatureDispatcher(frames, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
					validator.getIfAvailable(), authorizer, publisher, statistics, deliveries,
					observations.getIfAvailable(() -> ObservationRegistry.NOOP), convention.getIfAvailable());
		}

	}

	/**
	 * This node's connections: their registry, heartbeats and drains.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ConnectionConfiguration {

		@Bean
		TopicRouter wsStreamsTopicRouter() {
			return new TopicRouter();
		}

		@Bean
		ConnectionRegistry wsStreamsConnectionRegistry(MessageBroker broker, StreamLog log, OutboundFrames frames,
				StreamStatistics statistics, UserConnections userConnections, TopicRouter router) {
			ConnectionRegistry registry = new ConnectionRegistry(broker, frames, statistics, userConnections);
			broker.start(router.start(registry));
			log.start(router);
			return registry;
		}

		@Bean(destroyMethod = "shutdown")
		HeartbeatMonitor wsStreamsHeartbeatMonitor(ConnectionRegistry registry, WsStreamsProperties properties) {
			return new HeartbeatMonitor(registry, properties.getHeartbeat().getInterval(),
					properties.getHeartbeat().getTimeout());
		}

		@Bean
		ConnectionDrainer wsStreamsConnectionDrainer(ConnectionRegistry registry, ApplicationEventPublisher events,
				WsStreamsProperties properties, ObjectProvider<DrainableSockets> others) {
			return new ConnectionDrainer(registry, events, properties.getShutdownTimeout(), others);
		}

	}

	/**
	 * The delivery strategies, one per kind (live, log, presence), and the publishing API
	 * over them.
	 */
	@Configuration(proxyBeanMethods = false)
	static class DeliveryConfiguration {

		@Bean
		StreamsPolicy wsStreamsStreamsPolicy(WsStreamsProperties properties) {
			return StreamsPolicies.from(properties.getStreams());
		}

		@Bean
		LiveDelivery wsStreamsLiveDelivery(ConnectionRegistry registry, MessageBroker broker, OutboundFrames frames) {
			return new LiveDelivery(registry, broker, frames);
		}

		@Bean
		LogDelivery wsStreamsLogDelivery(ConnectionRegistry registry, StreamLog log, StreamsPolicy policy,
				OutboundFrames frames) {
			return new LogDelivery(registry, log, policy, frames);
		}

		@Bean(destroyMethod = "shutdown")
		PresenceService wsStreamsPresenceService(ConnectionRegistry registry, PresenceStore store, MessageBroker broker,
				LiveDelivery live, OutboundFrames frames, WsStreamsProperties properties) {
			store.start(broker::publish);
			return new PresenceService(registry, store, live, frames, properties.getPresence().getTtl(),
					properties.getPresence().getMaxStatusLength());
		}

		@Bean
		PresenceFeature wsStreamsPresenceFeature(PresenceService presence, ConnectionRegistry registry) {
			return new PresenceFeature(presence, registry);
		}

		@Bean
		Deliveries wsStreamsDeliveries(LiveDelivery live, LogDelivery log, PresenceService presence) {
			return new Deliveries(live, log, presence);
		}

		/**
		 * The publishing API, which the engine itself publishes through. An application bean
		 * of type {@link StreamPublisher} (a decorator, say) does not replace it; mark such
		 * a bean {@code @Primary} to have it injected.
		 */
		@Bean
		DefaultStreamPublisher wsStreamsPublisher(FeatureRegistry features, OutboundFrames frames,
				Deliveries deliveries, MessageBroker broker, ObjectProvider<ObservationRegistry> observations,
				ObjectProvider<PublishObservationConvention> convention) {
			return new DefaultStreamPublisher(features, frames, deliveries, broker,
					observations.getIfAvailable(() -> ObservationRegistry.NOOP), convention.getIfAvailable());
		}

	}

	/**
	 * The WebSocket endpoint: its handshake checks, its handler, and the session rules of
	 * its sockets.
	 */
	@Configuration(proxyBeanMethods = false)
	static class EndpointConfiguration {

		@Bean
		StreamsWebSocketHandler wsStreamsWebSocketHandler(FeatureRegistry features, ConnectionRegistry registry,
				FeatureDispatcher dispatcher, OutboundFrames frames, StreamAuthorizer authorizer,
				StreamStatistics statistics, HeartbeatMonitor heartbeats, Deliveries deliveries,
				WsStreamsProperties properties) {
			WsStreamsProperties.Limits limits = properties.getLimits();
			ConnectionSettings settings = new ConnectionSettings((int) limits.getMaxFrameSize().toBytes(),
					limits.getMaxOutboundQueue().toBytes(), limits.getInboundRate(), limits.getInboundBurst(),
					properties.getHeartbeat().getInterval(), properties.getHeartbeat().getTimeout(),
					limits.getCloseTimeout(), properties.getTransport().upgradedSocketBufferBytes());
			InboundFrameReader reader = new InboundFrameReader(limits.getMaxJsonDepth(),
					limits.getMaxJsonStringLength());
			return new StreamsWebSocketHandler(features, registry, dispatcher, reader, frames, authorizer, settings,
					limits.getConnectionsPerUser(), statistics, heartbeats, deliveries);
		}

		@Bean
		@ConditionalOnMissingBean
		StreamUserResolver wsStreamsUserResolver(WsStreamsProperties properties) {
			StreamUserResolver attribute = new SessionAttributeUserResolver(properties.getSession().getUserAttribute());
			return SecurityPresence.PRESENT ? new SecurityContextUserResolver(attribute) : attribute;
		}

		@Bean
		StreamsHandshakeInterceptor wsStreamsHandshakeInterceptor(WsStreamsProperties properties,
				SessionRepository<? extends Session> sessions, StreamUserResolver users,
				ObjectProvider<CookieSerializer> cookieSerializer, ObjectProvider<HttpSessionIdResolver> httpResolver,
				StreamStatistics statistics, ConnectionDrainer drainer) {
			OriginPolicy origins = new OriginPolicy(properties.getAllowedOrigins(),
					properties.getAllowedOriginPatterns());
			SessionIdResolver ids = new SessionIdResolver(cookieSerializer.getIfAvailable(DefaultCookieSerializer::new),
					httpResolver.getIfAvailable(), properties.getSession().getHeaderName());
			return new StreamsHandshakeInterceptor(origins, ids, sessions, users, properties.getSession().isRequired(),
					statistics, drainer::isAccepting);
		}

		@Bean(destroyMethod = "shutdown")
		SessionLifecycle wsStreamsSessionLifecycle(ConnectionRegistry registry,
				SessionRepository<? extends Session> sessions, WsStreamsProperties properties) {
			return new SessionLifecycle(registry, sessions, properties.getSession().getCheckInterval(),
					properties.getSession().getTouchInterval());
		}

		@Bean
		WebSocketHandlerMapping wsStreamsHandlerMapping(StreamsWebSocketHandler handler,
				StreamsHandshakeInterceptor interceptor, WsStreamsProperties properties) {
			WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
					new StreamsHandshakeHandler());
			requestHandler.getHandshakeInterceptors().add(interceptor);
			WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
			mapping.setUrlMap(Map.of(properties.getPath(), requestHandler));
			mapping.setOrder(1);
			return mapping;
		}

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
	 * Keeps the buffers Tomcat allocates for every WebSocket connection small.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.apache.tomcat.websocket.server.WsServerContainer",
			"org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory" })
	static class TomcatTransportConfiguration {

		@Bean
		TomcatBufferCustomizer wsStreamsTomcatBufferCustomizer(WsStreamsProperties properties,
				ListableBeanFactory beanFactory) {
			WsStreamsProperties.Transport transport = properties.getTransport();
			DataSize socketBufferSize = transport.getTomcatSocketBufferSize();
			return new TomcatBufferCustomizer(transport.getShrinkMessageBuffers(),
					(int) transport.getMessageBufferSize().toBytes(), (int) transport.getTomcatIoBufferSize().toBytes(),
					(socketBufferSize != null) ? (int) socketBufferSize.toBytes() : 0,
					transport.upgradedSocketBufferBytes(), () -> ApplicationWebSocketEndpoints.find(beanFactory));
		}

	}

	/**
	 * Lets Spring Security's resource server find a browser's bearer token in
	 * {@code Sec-WebSocket-Protocol}, beside the marker {@code ws-streams}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.oauth2.server.resource.web.BearerTokenResolver")
	static class BearerTokenConfiguration {

		@Bean
		@ConditionalOnMissingBean(
				type = "org.springframework.security.oauth2.server.resource.web.BearerTokenResolver")
		WebSocketProtocolBearerTokenResolver wsStreamsBearerTokenResolver() {
			return new WebSocketProtocolBearerTokenResolver();
		}

	}

	static final class SecurityPresence {

		static final String SECURITY_CONTEXT = "org.springframework.security.core.context.SecurityContext";

		static final boolean PRESENT = ClassUtils.isPresent(SECURITY_CONTEXT, SecurityPresence.class.getClassLoader());

	}

	/**
	 * The JavaScript client at {@code /ws-streams/}, ahead of the application's own static
	 * resources and after its controllers.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ClientScriptConfiguration {

		@Bean
		ClientScriptHandler wsStreamsClientScriptHandler() {
			return new ClientScriptHandler();
		}

		@Bean
		SimpleUrlHandlerMapping wsStreamsClientScriptHandlerMapping(ClientScriptHandler handler) {
			return new SimpleUrlHandlerMapping(Map.of(ClientScriptHandler.PATTERN, handler),
					Ordered.LOWEST_PRECEDENCE - 2);
		}

	}

}

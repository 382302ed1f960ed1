package io.wsstreams.autoconfigure;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsstreams.StreamUser;
import io.wsstreams.actuate.PusherWebhookMetrics;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicOccupancy;
import io.wsstreams.broker.TopicRouter;
import io.wsstreams.broker.memory.InMemoryTopicOccupancy;
import io.wsstreams.connection.ConnectionDrainer;
import io.wsstreams.connection.ConnectionSettings;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.protocol.InboundFrameReader;
import io.wsstreams.pusher.PusherCodec;
import io.wsstreams.pusher.PusherEncryption;
import io.wsstreams.pusher.PusherSignatures;
import io.wsstreams.pusher.api.PusherHttpApi;
import io.wsstreams.pusher.auth.PusherAuthEndpoint;
import io.wsstreams.pusher.auth.PusherAuthorizer;
import io.wsstreams.pusher.server.BrokerPusherChannelDirectory;
import io.wsstreams.pusher.server.PusherActivityListener;
import io.wsstreams.pusher.server.PusherApp;
import io.wsstreams.pusher.server.PusherApps;
import io.wsstreams.pusher.server.PusherChannelDirectory;
import io.wsstreams.pusher.server.PusherChannels;
import io.wsstreams.pusher.server.PusherEvents;
import io.wsstreams.pusher.server.PusherHandshakeInterceptor;
import io.wsstreams.pusher.server.PusherLimits;
import io.wsstreams.pusher.server.PusherTopics;
import io.wsstreams.pusher.server.PusherWebSocketHandler;
import io.wsstreams.pusher.webhook.PusherWebhookTarget;
import io.wsstreams.pusher.webhook.PusherWebhooks;
import io.wsstreams.session.StreamsHandshakeInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Auto-configuration of the Pusher-compatible endpoint at {@code /app/{key}}, Pusher's
 * HTTP API at {@code /apps/{id}/…} and Pusher's webhooks, on when
 * {@code ws-streams.pusher.enabled} is {@code true}. Its channels travel through the
 * ws-streams broker, under topics of their own.
 */
@AutoConfiguration(after = { WsStreamsAutoConfiguration.class, WsStreamsRedisAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty("ws-streams.pusher.enabled")
@ConditionalOnBean(TopicRouter.class)
public final class WsStreamsPusherAutoConfiguration {

	/** The path pattern of the endpoint. */
	static final String PATH = "/app/*";

	private static final String APPS = "ws-streams.pusher.apps";

	private static final String HIDDEN = "******";

	@Bean
	PusherApps wsStreamsPusherApps(WsStreamsProperties properties) {
		return apps(properties.getPusher());
	}

	@Bean
	PusherCodec wsStreamsPusherCodec(WsStreamsProperties properties) {
		return new PusherCodec(properties.getLimits().getMaxJsonDepth(), properties.getLimits().getMaxJsonStringLength());
	}

	@Bean
	@ConditionalOnMissingBean
	TopicOccupancy wsStreamsPusherOccupancy() {
		return new InMemoryTopicOccupancy(PusherTopics.PREFIX, PusherChannels.FEATURE);
	}

	@Bean
	PusherChannels wsStreamsPusherChannels(MessageBroker broker, PusherCodec codec, TopicRouter router,
			TopicOccupancy occupancy, ObjectProvider<PusherActivityListener> activity,
			WsStreamsProperties properties) {
		Duration ttl = positive(properties.getPresence().getTtl(), "ws-streams.presence.ttl");
		PusherChannels channels = new PusherChannels(broker, codec, occupancy,
				SingletonSupplier.of(() -> activity.orderedStream().toList()), ttl);
		router.route(PusherTopics.PREFIX, channels);
		return channels;
	}

	@Bean
	@ConditionalOnMissingBean
	PusherChannelDirectory wsStreamsPusherChannelDirectory(PusherChannels channels) {
		return new BrokerPusherChannelDirectory(channels);
	}

	@Bean
	PusherEvents wsStreamsPusherEvents(PusherApps apps, PusherChannels channels) {
		return new PusherEvents(apps, channels);
	}

	@Bean(destroyMethod = "shutdown")
	PusherWebSocketHandler wsStreamsPusherWebSocketHandler(PusherApps apps, PusherChannels channels,
			PusherCodec codec, WsStreamsProperties properties, ObjectProvider<ConnectionDrainer> drainer) {
		WsStreamsProperties.Pusher pusher = properties.getPusher();
		WsStreamsProperties.Limits limits = properties.getLimits();
		Duration activityTimeout = positive(pusher.getActivityTimeout(), "ws-streams.pusher.activity-timeout");
		Duration pongTimeout = positive(pusher.getPongTimeout(), "ws-streams.pusher.pong-timeout");
		// The activity timeout and the pong timeout play the heartbeat's part: Jetty lets a
		// socket idle for their sum.
		ConnectionSettings outbound = new ConnectionSettings((int) limits.getMaxFrameSize().toBytes(),
				limits.getMaxOutboundQueue().toBytes(), limits.getInboundRate(), limits.getInboundBurst(),
				activityTimeout, pongTimeout, limits.getCloseTimeout(),
				properties.getTransport().upgradedSocketBufferBytes());
		return new PusherWebSocketHandler(apps, channels, codec, activityTimeout, pongTimeout, outbound,
				new StreamStatistics(), limits(pusher), () -> {
					ConnectionDrainer drain = drainer.getIfAvailable();
					return drain == null || drain.isAccepting();
				});
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	PusherWebhooks wsStreamsPusherWebhooks(PusherApps apps, WsStreamsProperties properties) {
		Map<String, List<PusherWebhookTarget>> targets = webhookTargets(properties.getPusher().getApps());
		Map<String, PusherSignatures> signatures = new LinkedHashMap<>();
		apps.all().forEach((app) -> signatures.put(app.id(), app.signatures()));
		WsStreamsProperties.Pusher.Webhooks webhooks = properties.getPusher().getWebhooks();
		String prefix = "ws-streams.pusher.webhooks.";
		atLeastOne(webhooks.getQueueCapacity(), prefix + "queue-capacity");
		atLeastOne(webhooks.getMaxEventsPerRequest(), prefix + "max-events-per-request");
		atLeastOne(webhooks.getMaxAttempts(), prefix + "max-attempts");
		PusherWebhooks.Settings settings = new PusherWebhooks.Settings(webhooks.getQueueCapacity(),
				webhooks.getMaxEventsPerRequest(), positive(webhooks.getTimeout(), prefix + "timeout"),
				webhooks.getMaxAttempts(), notNegative(webhooks.getInitialBackoff(), prefix + "initial-backoff"),
				notNegative(webhooks.getMaxBackoff(), prefix + "max-backoff"),
				notNegative(webhooks.getRemovalDelay(), prefix + "removal-delay"));
		return new PusherWebhooks(targets, signatures, settings);
	}

	@Bean
	WebSocketHandlerMapping wsStreamsPusherHandlerMapping(PusherWebSocketHandler handler) {
		// Upgrades through the running container and declines compression, as the
		// ws-streams endpoint does: each event is encoded once for all its subscribers.
		DefaultHandshakeHandler handshake = new DefaultHandshakeHandler(new ContainerUpgradeStrategy()) {

			@Override
			protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
					List<WebSocketExtension> requested, List<WebSocketExtension> supported) {
				return List.of();
			}

		};
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler, handshake);
		requestHandler.getHandshakeInterceptors().add(new PusherHandshakeInterceptor());
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setUrlMap(Map.of(PATH, requestHandler));
		mapping.setWebSocketUpgradeMatch(true);
		mapping.setOrder(1);
		return mapping;
	}

	/**
	 * The ready auth endpoints of pusher-js at {@code /pusher/auth} and
	 * {@code /pusher/user-auth}, unless {@code ws-streams.pusher.auth.enabled} is
	 * {@code false}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ws-streams.pusher.auth.enabled", matchIfMissing = true)
	static class AuthConfiguration {

		@Bean
		SimpleUrlHandlerMapping wsStreamsPusherAuthHandlerMapping(PusherApps apps,
				ObjectProvider<StreamsHandshakeInterceptor> handshake, ObjectProvider<PusherAuthorizer> authorizer,
				WsStreamsProperties properties) {
			WsStreamsProperties.Pusher.Auth auth = properties.getPusher().getAuth();
			StreamsHandshakeInterceptor users = handshake.getIfAvailable();
			if (users == null) {
				throw new IllegalStateException("The Pusher auth endpoints find users as the ws-streams endpoint does, "
						+ "which is not configured: set ws-streams.pusher.auth.enabled=false");
			}
			Function<HttpServletRequest, @Nullable StreamUser> signedIn = (request) -> users
				.userOf(new ServletServerHttpRequest(request));
			PusherAuthorizer decides = authorizer.getIfAvailable(() -> PusherAuthorizer.SIGNED_IN);
			Map<String, Object> urls = new LinkedHashMap<>();
			urls.put(path(auth.getChannelPath(), "ws-streams.pusher.auth.channel-path"),
					PusherAuthEndpoint.channels(apps, signedIn, decides));
			urls.put(path(auth.getUserPath(), "ws-streams.pusher.auth.user-path"),
					PusherAuthEndpoint.users(apps, signedIn, decides));
			SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(urls);
			mapping.setOrder(1);
			return mapping;
		}

		private static String path(String path, String name) {
			if (!path.startsWith("/") || path.contains("*") || path.contains("{")) {
				throw new InvalidConfigurationPropertyValueException(name, path, "Must be a path starting with '/'");
			}
			return path;
		}

	}

	/**
	 * Pusher's HTTP API at {@code /apps/{id}/…}, unless
	 * {@code ws-streams.pusher.api.enabled} is {@code false}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ws-streams.pusher.api.enabled", matchIfMissing = true)
	static class ApiConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PusherHttpApi wsStreamsPusherHttpApi(PusherApps apps, PusherEvents events,
				ObjectProvider<PusherChannelDirectory> directory, WsStreamsProperties properties) {
			WsStreamsProperties.Pusher.Api api = properties.getPusher().getApi();
			WsStreamsProperties.Limits limits = properties.getLimits();
			int maxBodySize = bytes(api.getMaxBodySize(), "ws-streams.pusher.api.max-body-size");
			int maxEventDataSize = bytes(api.getMaxEventDataSize(), "ws-streams.pusher.api.max-event-data-size");
			return new PusherHttpApi(apps, events, directory::getIfUnique,
					// an event's data is a JSON string: the data limit, not the string limit, governs it
					InboundFrameReader.boundedMapper(limits.getMaxJsonDepth(),
							Math.max(limits.getMaxJsonStringLength(), maxEventDataSize)),
					Clock.systemUTC(), maxBodySize, maxEventDataSize);
		}

		@Bean
		SimpleUrlHandlerMapping wsStreamsPusherApiHandlerMapping(PusherHttpApi api) {
			SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of(PusherHttpApi.PATH_PATTERN, api));
			mapping.setOrder(1);
			return mapping;
		}

		private static int bytes(DataSize size, String name) {
			if (size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE - 1) {
				throw new InvalidConfigurationPropertyValueException(name, size, "Must be 1 B to 2 GB");
			}
			return (int) size.toBytes();
		}

	}

	/**
	 * The meters of Pusher's webhooks, when Micrometer has a registry.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class WebhookMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PusherWebhookMetrics wsStreamsPusherWebhookMetrics(PusherWebhooks webhooks) {
			return new PusherWebhookMetrics(webhooks);
		}

	}

	/**
	 * Checks the configured webhook targets of each app.
	 * @param apps the configured apps
	 * @return the targets, by app id
	 * @throws InvalidConfigurationPropertyValueException naming the property at fault
	 */
	static Map<String, List<PusherWebhookTarget>> webhookTargets(List<WsStreamsProperties.Pusher.App> apps) {
		Map<String, List<PusherWebhookTarget>> targets = new LinkedHashMap<>();
		for (int i = 0; i < apps.size(); i++) {
			WsStreamsProperties.Pusher.App app = apps.get(i);
			List<PusherWebhookTarget> list = new ArrayList<>();
			for (int j = 0; j < app.getWebhooks().size(); j++) {
				WsStreamsProperties.Pusher.Webhook webhook = app.getWebhooks().get(j);
				String prefix = APPS + "[" + i + "].webhooks[" + j + "].";
				URI url = webhook.getUrl();
				if (url == null) {
					throw new InvalidConfigurationPropertyValueException(prefix + "url", null, "Every webhook needs a URL");
				}
				for (String type : webhook.getEventTypes()) {
					if (!PusherWebhookTarget.EVENT_TYPES.contains(type)) {
						throw new InvalidConfigurationPropertyValueException(prefix + "event-types", type,
								"An event type is one of " + PusherWebhookTarget.EVENT_TYPES);
					}
				}
				try {
					list.add(new PusherWebhookTarget(url, new LinkedHashSet<>(webhook.getEventTypes())));
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidConfigurationPropertyValueException(prefix + "url", url, ex.getMessage());
				}
			}
			targets.put(String.valueOf(app.getId()), list);
		}
		return targets;
	}

	private static void atLeastOne(int value, String name) {
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(name, value, "Must be at least 1");
		}
	}

	private static Duration notNegative(Duration duration, String name) {
		if (duration.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, duration, "Must not be negative");
		}
		return duration;
	}

	/**
	 * Checks the configured apps and builds them.
	 * @param apps the configured apps
	 * @return the apps
	 * @throws InvalidConfigurationPropertyValueException naming the property at fault
	 */
	static PusherApps apps(WsStreamsProperties.Pusher pusher) {
		List<WsStreamsProperties.Pusher.App> apps = pusher.getApps();
		PusherLimits limits = limits(pusher);
		if (apps.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(APPS, "[]",
					"ws-streams.pusher.enabled is true, so at least one app must be configured");
		}
		List<PusherApp> built = new ArrayList<>();
		List<String> keys = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < apps.size(); i++) {
			WsStreamsProperties.Pusher.App app = apps.get(i);
			String prefix = APPS + "[" + i + "].";
			String id = required(app.getId(), prefix + "id", app.getId());
			if (!PusherApp.isValidId(id)) {
				throw new InvalidConfigurationPropertyValueException(prefix + "id", id,
						"An app id is 1 to 64 letters, digits or _ . -");
			}
			if (ids.contains(id)) {
				throw new InvalidConfigurationPropertyValueException(prefix + "id", id,
						"Duplicate app id: each app needs an id of its own");
			}
			String key = required(app.getKey(), prefix + "key", app.getKey());
			if (key.contains("/") || key.contains("?") || key.contains("#")) {
				throw new InvalidConfigurationPropertyValueException(prefix + "key", key,
						"An app key must not contain '/', '?' or '#'");
			}
			if (keys.contains(key)) {
				throw new InvalidConfigurationPropertyValueException(prefix + "key", key,
						"Duplicate app key: each app needs a key of its own");
			}
			String secret = required(app.getSecret(), prefix + "secret", HIDDEN);
			PusherEncryption encryption = null;
			String masterKey = app.getEncryptionMasterKey();
			if (StringUtils.hasText(masterKey)) {
				try {
					encryption = PusherEncryption.ofBase64(masterKey);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidConfigurationPropertyValueException(prefix + "encryption-master-key", HIDDEN,
							"The master key must be " + PusherEncryption.KEY_LENGTH + " bytes in base64");
				}
			}
			ids.add(id);
			keys.add(key);
			Integer members = app.getMaxPresenceMembers();
			DataSize info = app.getMaxUserInfoSize();
			PusherLimits own = limits(prefix, (members != null) ? members : limits.maxPresenceMembers(),
					(info != null) ? info : DataSize.ofBytes(limits.maxUserInfoBytes()));
			built.add(new PusherApp(id, new PusherSignatures(key, secret), encryption, app.getAllowedOrigins(),
					app.isClientEvents(), own));
		}
		return new PusherApps(built);
	}

	/**
	 * Checks the limits of presence channels.
	 * @param pusher the Pusher properties
	 * @return the limits
	 * @throws InvalidConfigurationPropertyValueException naming the property at fault
	 */
	static PusherLimits limits(WsStreamsProperties.Pusher pusher) {
		return limits("ws-streams.pusher.", pusher.getMaxPresenceMembers(), pusher.getMaxUserInfoSize());
	}

	private static PusherLimits limits(String prefix, int members, DataSize info) {
		if (members < 1) {
			throw new InvalidConfigurationPropertyValueException(prefix + "max-presence-members", members,
					"Must be at least 1");
		}
		if (info.toBytes() < 1 || info.toBytes() > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException(prefix + "max-user-info-size", info,
					"Must be positive");
		}
		return new PusherLimits(members, (int) info.toBytes());
	}

	private static String required(@Nullable String value, String name, @Nullable String shown) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidConfigurationPropertyValueException(name, shown, "Every Pusher app needs one");
		}
		return value;
	}

	private static Duration positive(Duration duration, String name) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidConfigurationPropertyValueException(name, duration, "Must be positive");
		}
		return duration;
	}

}

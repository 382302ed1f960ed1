package io.wsstreams.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for ws-streams.
 */
@ConfigurationProperties("ws-streams")
public class WsStreamsProperties {

	/**
	 * Whether to enable the ws-streams endpoint.
	 */
	private boolean enabled = true;

	/**
	 * Path of the WebSocket endpoint.
	 */
	private String path = "/ws";

	/**
	 * Origins, besides the request's own, that browsers may connect from, such as
	 * "https://app.example.com".
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Origin patterns, besides the request's own origin, that browsers may connect from,
	 * such as "https://*.example.com" or "http://localhost:[*]".
	 */
	private List<String> allowedOriginPatterns = new ArrayList<>();

	/**
	 * Longest time shutdown waits for sockets to close after sending them 1012 Service
	 * restart.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	/**
	 * Where publications, logs and presence live: "memory" for a single node, "redis" for
	 * many nodes sharing the application's Spring Data Redis connection. Never chosen
	 * because Redis happens to be on the classpath.
	 */
	private Broker broker = Broker.MEMORY;

	private final Redis redis = new Redis();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Session session = new Session();

	private final Limits limits = new Limits();

	private final Transport transport = new Transport();

	private final Streams streams = new Streams();

	private final Presence presence = new Presence();

	private final Pusher pusher = new Pusher();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
		this.allowedOriginPatterns = allowedOriginPatterns;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Broker getBroker() {
		return this.broker;
	}

	public void setBroker(Broker broker) {
		this.broker = broker;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Session getSession() {
		return this.session;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public Streams getStreams() {
		return this.streams;
	}

	public Presence getPresence() {
		return this.presence;
	}

	public Pusher getPusher() {
		return this.pusher;
	}

	/**
	 * Properties of the {@code streams} strategy.
	 */
	public static class Streams {

		/**
		 * Messages a client receives on join when it gives no resume point.
		 */
		private int history = 50;

		/**
		 * Messages kept per topic.
		 */
		private int maxCount = 1000;

		/**
		 * Age after which messages are dropped from a topic's log.
		 */
		private Duration maxAge = Duration.ofHours(24);

		/**
		 * Most messages one "history" action returns.
		 */
		private int maxHistoryPage = 100;

		/**
		 * Most memory the in-memory log may hold for all topics together, estimated from
		 * the messages' UTF-8 size plus a fixed overhead per message and per topic. Over
		 * it, the oldest messages of the least recently used topics are dropped first.
		 */
		private DataSize maxMemory = DataSize.ofMegabytes(256);

		/**
		 * Per-feature overrides of history, max-count and max-age, by feature name.
		 */
		private Map<String, FeatureOverride> features = new LinkedHashMap<>();

		public int getHistory() {
			return this.history;
		}

		public void setHistory(int history) {
			this.history = history;
		}

		public int getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(int maxCount) {
			this.maxCount = maxCount;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public int getMaxHistoryPage() {
			return this.maxHistoryPage;
		}

		public void setMaxHistoryPage(int maxHistoryPage) {
			this.maxHistoryPage = maxHistoryPage;
		}

		public DataSize getMaxMemory() {
			return this.maxMemory;
		}

		public void setMaxMemory(DataSize maxMemory) {
			this.maxMemory = maxMemory;
		}

		public Map<String, FeatureOverride> getFeatures() {
			return this.features;
		}

		public void setFeatures(Map<String, FeatureOverride> features) {
			this.features = features;
		}

		/**
		 * Overrides for one feature; unset values fall back to the defaults.
		 */
		public static class FeatureOverride {

			/**
			 * Messages a client receives on join when it gives no resume point.
			 */
			private @Nullable Integer history;

			/**
			 * Messages kept per topic.
			 */
			private @Nullable Integer maxCount;

			/**
			 * Age after which messages are dropped from a topic's log.
			 */
			private @Nullable Duration maxAge;

			public @Nullable Integer getHistory() {
				return this.history;
			}

			public void setHistory(@Nullable Integer history) {
				this.history = history;
			}

			public @Nullable Integer getMaxCount() {
				return this.maxCount;
			}

			public void setMaxCount(@Nullable Integer maxCount) {
				this.maxCount = maxCount;
			}

			public @Nullable Duration getMaxAge() {
				return this.maxAge;
			}

			public void setMaxAge(@Nullable Duration maxAge) {
				this.maxAge = maxAge;
			}

		}

	}

	/**
	 * Where publications, logs and presence live.
	 */
	public enum Broker {

		/**
		 * In this node's memory: one node.
		 */
		MEMORY,

		/**
		 * In Redis, through the application's Spring Data Redis connection: many nodes.
		 */
		REDIS

	}

	/**
	 * Properties of the Redis broker ({@code ws-streams.broker=redis}).
	 */
	public static class Redis {

		/**
		 * Prefix of every key and Pub/Sub channel. Pub/Sub ignores the database number, so
		 * two applications sharing one Redis need two prefixes.
		 */
		private String prefix = "ws-streams:";

		/**
		 * Longest wait for a Redis command, such as a publisher's append, before it fails.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Properties of the Pusher-compatible endpoint.
	 */
	public static class Pusher {

		/**
		 * Whether to serve Pusher's protocol at "/app/{key}".
		 */
		private boolean enabled;

		/**
		 * Time without any message from a client after which the server sends it a
		 * "pusher:ping", also sent to clients as their "activity_timeout" (whole seconds,
		 * at least one).
		 */
		private Duration activityTimeout = Duration.ofSeconds(120);

		/**
		 * Time the server waits for any message after its "pusher:ping" before it closes
		 * the connection with 4201.
		 */
		private Duration pongTimeout = Duration.ofSeconds(30);

		/**
		 * Most members of one presence channel, across nodes; a subscription of a further
		 * user gets a "pusher:subscription_error" with status 4100.
		 */
		private int maxPresenceMembers = 100;

		/**
		 * Largest "user_info" of a presence channel member, as JSON text; a larger one
		 * gets a "pusher:subscription_error" with status 4301.
		 */
		private DataSize maxUserInfoSize = DataSize.ofKilobytes(1);

		/**
		 * The apps clients connect to, by key.
		 */
		private List<App> apps = new ArrayList<>();

		/**
		 * Pusher's HTTP API at "/apps/{id}/...", for Pusher's server libraries.
		 */
		private final Api api = new Api();

		private final Auth auth = new Auth();

		/**
		 * How webhooks are queued, batched, sent and retried.
		 */
		private final Webhooks webhooks = new Webhooks();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getActivityTimeout() {
			return this.activityTimeout;
		}

		public void setActivityTimeout(Duration activityTimeout) {
			this.activityTimeout = activityTimeout;
		}

		public Duration getPongTimeout() {
			return this.pongTimeout;
		}

		public void setPongTimeout(Duration pongTimeout) {
			this.pongTimeout = pongTimeout;
		}

		public int getMaxPresenceMembers() {
			return this.maxPresenceMembers;
		}

		public void setMaxPresenceMembers(int maxPresenceMembers) {
			this.maxPresenceMembers = maxPresenceMembers;
		}

		public DataSize getMaxUserInfoSize() {
			return this.maxUserInfoSize;
		}

		public void setMaxUserInfoSize(DataSize maxUserInfoSize) {
			this.maxUserInfoSize = maxUserInfoSize;
		}

		public List<App> getApps() {
			return this.apps;
		}

		public void setApps(List<App> apps) {
			this.apps = apps;
		}

		public Api getApi() {
			return this.api;
		}

		public Auth getAuth() {
			return this.auth;
		}

		public Webhooks getWebhooks() {
			return this.webhooks;
		}

		/**
		 * The ready auth endpoints that pusher-js calls for private, encrypted and
		 * presence channels and for user sign-in, signing for the request's signed-in
		 * user.
		 */
		public static class Auth {

			/**
			 * Whether to serve the auth endpoints.
			 */
			private boolean enabled = true;

			/**
			 * Path of channel authorization (pusher-js' "channelAuthorization.endpoint").
			 */
			private String channelPath = "/pusher/auth";

			/**
			 * Path of user authentication (pusher-js' "userAuthentication.endpoint").
			 */
			private String userPath = "/pusher/user-auth";

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public String getChannelPath() {
				return this.channelPath;
			}

			public void setChannelPath(String channelPath) {
				this.channelPath = channelPath;
			}

			public String getUserPath() {
				return this.userPath;
			}

			public void setUserPath(String userPath) {
				this.userPath = userPath;
			}

		}

		/**
		 * Pusher's HTTP API.
		 */
		public static class Api {

			/**
			 * Whether to serve Pusher's HTTP API at "/apps/{id}/...".
			 */
			private boolean enabled = true;

			/**
			 * Largest request body read; a larger one is refused with 413.
			 */
			private DataSize maxBodySize = DataSize.ofKilobytes(256);

			/**
			 * Largest "data" of one event, in UTF-8; a larger one is refused with 413, as
			 * Pusher refuses data over 10 KB.
			 */
			private DataSize maxEventDataSize = DataSize.ofKilobytes(10);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public DataSize getMaxBodySize() {
				return this.maxBodySize;
			}

			public void setMaxBodySize(DataSize maxBodySize) {
				this.maxBodySize = maxBodySize;
			}

			public DataSize getMaxEventDataSize() {
				return this.maxEventDataSize;
			}

			public void setMaxEventDataSize(DataSize maxEventDataSize) {
				this.maxEventDataSize = maxEventDataSize;
			}

		}

		/**
		 * How webhooks are sent, for every app.
		 */
		public static class Webhooks {

			/**
			 * Most webhook events waiting to be sent, per node; further events are dropped
			 * and counted.
			 */
			private int queueCapacity = 10_000;

			/**
			 * Most events in one webhook request.
			 */
			private int maxEventsPerRequest = 50;

			/**
			 * Time after which a webhook request that got no response fails.
			 */
			private Duration timeout = Duration.ofSeconds(5);

			/**
			 * Most attempts to send one webhook request, the first included.
			 */
			private int maxAttempts = 6;

			/**
			 * Wait before the first retry; each further retry waits twice as long.
			 */
			private Duration initialBackoff = Duration.ofSeconds(1);

			/**
			 * Longest wait between two attempts.
			 */
			private Duration maxBackoff = Duration.ofMinutes(1);

			/**
			 * Delay of "channel_vacated" and "member_removed", as Pusher delays them: when
			 * the channel is occupied again, or the member added again, within it, neither
			 * event is sent.
			 */
			private Duration removalDelay = Duration.ofSeconds(3);

			public int getQueueCapacity() {
				return this.queueCapacity;
			}

			public void setQueueCapacity(int queueCapacity) {
				this.queueCapacity = queueCapacity;
			}

			public int getMaxEventsPerRequest() {
				return this.maxEventsPerRequest;
			}

			public void setMaxEventsPerRequest(int maxEventsPerRequest) {
				this.maxEventsPerRequest = maxEventsPerRequest;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

			public int getMaxAttempts() {
				return this.maxAttempts;
			}

			public void setMaxAttempts(int maxAttempts) {
				this.maxAttempts = maxAttempts;
			}

			public Duration getInitialBackoff() {
				return this.initialBackoff;
			}

			public void setInitialBackoff(Duration initialBackoff) {
				this.initialBackoff = initialBackoff;
			}

			public Duration getMaxBackoff() {
				return this.maxBackoff;
			}

			public void setMaxBackoff(Duration maxBackoff) {
				this.maxBackoff = maxBackoff;
			}

			public Duration getRemovalDelay() {
				return this.removalDelay;
			}

			public void setRemovalDelay(Duration removalDelay) {
				this.removalDelay = removalDelay;
			}

		}

		/**
		 * A Pusher app.
		 */
		public static class App {

			/**
			 * App id, as server libraries send it: letters, digits and "_ . -".
			 */
			private @Nullable String id;

			/**
			 * App key, which clients connect with.
			 */
			private @Nullable String key;

			/**
			 * App secret, which signs channel authorizations.
			 */
			private @Nullable String secret;

			/**
			 * Master key of encrypted channels, 32 bytes in base64.
			 */
			private @Nullable String encryptionMasterKey;

			/**
			 * Origins browsers may connect from, such as "https://app.example.com"; any
			 * when empty.
			 */
			private List<String> allowedOrigins = new ArrayList<>();

			/**
			 * Whether clients may send "client-" events on private channels.
			 */
			private boolean clientEvents = true;

			/**
			 * Most members of one of the app's presence channels; when unset,
			 * "ws-streams.pusher.max-presence-members".
			 */
			private @Nullable Integer maxPresenceMembers;

			/**
			 * Largest "user_info" of a member of the app's presence channels; when unset,
			 * "ws-streams.pusher.max-user-info-size".
			 */
			private @Nullable DataSize maxUserInfoSize;

			/**
			 * Where the app's webhooks are sent.
			 */
			private List<Webhook> webhooks = new ArrayList<>();

			public @Nullable String getId() {
				return this.id;
			}

			public void setId(@Nullable String id) {
				this.id = id;
			}

			public @Nullable String getKey() {
				return this.key;
			}

			public void setKey(@Nullable String key) {
				this.key = key;
			}

			public @Nullable String getSecret() {
				return this.secret;
			}

			public void setSecret(@Nullable String secret) {
				this.secret = secret;
			}

			public @Nullable String getEncryptionMasterKey() {
				return this.encryptionMasterKey;
			}

			public void setEncryptionMasterKey(@Nullable String encryptionMasterKey) {
				this.encryptionMasterKey = encryptionMasterKey;
			}

			public List<String> getAllowedOrigins() {
				return this.allowedOrigins;
			}

			public void setAllowedOrigins(List<String> allowedOrigins) {
				this.allowedOrigins = allowedOrigins;
			}

			public boolean isClientEvents() {
				return this.clientEvents;
			}

			public void setClientEvents(boolean clientEvents) {
				this.clientEvents = clientEvents;
			}

			public @Nullable Integer getMaxPresenceMembers() {
				return this.maxPresenceMembers;
			}

			public void setMaxPresenceMembers(@Nullable Integer maxPresenceMembers) {
				this.maxPresenceMembers = maxPresenceMembers;
			}

			public @Nullable DataSize getMaxUserInfoSize() {
				return this.maxUserInfoSize;
			}

			public void setMaxUserInfoSize(@Nullable DataSize maxUserInfoSize) {
				this.maxUserInfoSize = maxUserInfoSize;
			}

			public List<Webhook> getWebhooks() {
				return this.webhooks;
			}

			public void setWebhooks(List<Webhook> webhooks) {
				this.webhooks = webhooks;
			}

		}

		/**
		 * A target of an app's webhooks.
		 */
		public static class Webhook {

			/**
			 * URL the webhooks are posted to, "http" or "https".
			 */
			private @Nullable URI url;

			/**
			 * Events sent to it, among "channel_occupied", "channel_vacated",
			 * "member_added", "member_removed" and "client_event"; all when empty.
			 */
			private List<String> eventTypes = new ArrayList<>();

			public @Nullable URI getUrl() {
				return this.url;
			}

			public void setUrl(@Nullable URI url) {
				this.url = url;
			}

			public List<String> getEventTypes() {
				return this.eventTypes;
			}

			public void setEventTypes(List<String> eventTypes) {
				this.eventTypes = eventTypes;
			}

		}

	}

	/**
	 * Properties of built-in presence.
	 */
	public static class Presence {

		/**
		 * Time after which the presence entry of a connection that is no longer refreshed
		 * (its node died) expires, and its user leaves.
		 */
		private Duration ttl = Duration.ofSeconds(15);

		/**
		 * Longest custom status, in characters.
		 */
		private int maxStatusLength = 64;

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public int getMaxStatusLength() {
			return this.maxStatusLength;
		}

		public void setMaxStatusLength(int maxStatusLength) {
			this.maxStatusLength = maxStatusLength;
		}

	}

	/**
	 * Heartbeat properties.
	 */
	public static class Heartbeat {

		/**
		 * Interval between protocol pings sent to each connection. The first ping comes at
		 * a random point of the first interval's second half, so that connections opened
		 * together do not ping together.
		 */
		private Duration interval = Duration.ofSeconds(25);

		/**
		 * Time without any frame or pong from a client after which its connection is
		 * closed with 4408.
		 */
		private Duration timeout = Duration.ofSeconds(60);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Spring Session properties.
	 */
	public static class Session {

		/**
		 * Whether a handshake needs a signed-in Spring Session; without one it gets 401.
		 */
		private boolean required = true;

		/**
		 * Request header that may carry the session id instead of the session cookie.
		 */
		private String headerName = "X-Auth-Token";

		/**
		 * Session attribute holding the user id (a String, Principal or StreamUser), read
		 * when Spring Security's context holds no authenticated user.
		 */
		private String userAttribute = "user";

		/**
		 * Interval between checks that the sessions of open sockets still exist; sockets
		 * of ended sessions close with 4401.
		 */
		private Duration checkInterval = Duration.ofSeconds(2);

		/**
		 * Least time between two refreshes of a session's last access time by its
		 * sockets' traffic.
		 */
		private Duration touchInterval = Duration.ofSeconds(60);

		/**
		 * Inactivity timeout of sessions in the session store ws-streams provides when
		 * the application has none: in memory, or in Redis with "ws-streams.broker=redis".
		 * When not set, "spring.session.timeout", then "server.servlet.session.timeout",
		 * then 30 minutes, as Spring Boot does for Spring Session's stores.
		 */
		private @Nullable Duration timeout;

		public boolean isRequired() {
			return this.required;
		}

		public void setRequired(boolean required) {
			this.required = required;
		}

		public String getHeaderName() {
			return this.headerName;
		}

		public void setHeaderName(String headerName) {
			this.headerName = headerName;
		}

		public String getUserAttribute() {
			return this.userAttribute;
		}

		public void setUserAttribute(String userAttribute) {
			this.userAttribute = userAttribute;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

		public Duration getTouchInterval() {
			return this.touchInterval;
		}

		public void setTouchInterval(Duration touchInterval) {
			this.touchInterval = touchInterval;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Limits per connection and per user.
	 */
	public static class Limits {

		/**
		 * Largest inbound frame; larger ones close the connection with 1009.
		 */
		private DataSize maxFrameSize = DataSize.ofKilobytes(64);

		/**
		 * Most outbound data queued for one connection; a connection over it is closed
		 * with 4509.
		 */
		private DataSize maxOutboundQueue = DataSize.ofMegabytes(1);

		/**
		 * Most open connections per user on one node; more close with 4429.
		 */
		private int connectionsPerUser = 16;

		/**
		 * Sustained inbound frames per second per connection; frames over it are dropped
		 * and answered RATE_LIMITED.
		 */
		private double inboundRate = 20;

		/**
		 * Inbound frames a connection may send in a burst above the sustained rate.
		 */
		private int inboundBurst = 40;

		/**
		 * Deepest nesting of JSON arrays and objects in an inbound frame.
		 */
		private int maxJsonDepth = 32;

		/**
		 * Longest JSON string value in an inbound frame, in characters.
		 */
		private int maxJsonStringLength = 65536;

		/**
		 * Longest time a close waits for a client that does not read before the socket
		 * is dropped.
		 */
		private Duration closeTimeout = Duration.ofSeconds(5);

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public DataSize getMaxOutboundQueue() {
			return this.maxOutboundQueue;
		}

		public void setMaxOutboundQueue(DataSize maxOutboundQueue) {
			this.maxOutboundQueue = maxOutboundQueue;
		}

		public int getConnectionsPerUser() {
			return this.connectionsPerUser;
		}

		public void setConnectionsPerUser(int connectionsPerUser) {
			this.connectionsPerUser = connectionsPerUser;
		}

		public double getInboundRate() {
			return this.inboundRate;
		}

		public void setInboundRate(double inboundRate) {
			this.inboundRate = inboundRate;
		}

		public int getInboundBurst() {
			return this.inboundBurst;
		}

		public void setInboundBurst(int inboundBurst) {
			this.inboundBurst = inboundBurst;
		}

		public int getMaxJsonDepth() {
			return this.maxJsonDepth;
		}

		public void setMaxJsonDepth(int maxJsonDepth) {
			this.maxJsonDepth = maxJsonDepth;
		}

		public int getMaxJsonStringLength() {
			return this.maxJsonStringLength;
		}

		public void setMaxJsonStringLength(int maxJsonStringLength) {
			this.maxJsonStringLength = maxJsonStringLength;
		}

		public Duration getCloseTimeout() {
			return this.closeTimeout;
		}

		public void setCloseTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
		}

	}

	/**
	 * Servlet container tuning.
	 */
	public static class Transport {

		/**
		 * Size of the message buffers Tomcat's WebSocket container allocates for every
		 * session up front, when they are shrunk. ws-streams assembles larger frames
		 * itself, so small buffers save memory on idle connections. Applies to every
		 * WebSocket endpoint of the container; set to 0 to leave the container's
		 * defaults.
		 */
		private DataSize messageBufferSize = DataSize.ofBytes(256);

		/**
		 * When to shrink Tomcat's WebSocket message buffers to message-buffer-size. The
		 * container's buffers serve every endpoint, and an endpoint that takes whole
		 * messages fails on larger ones: "auto" shrinks them only when the application
		 * registers no WebSocket endpoint of its own.
		 */
		private Shrink shrinkMessageBuffers = Shrink.AUTO;

		/**
		 * Size of the input, output and encoding buffers Tomcat's WebSocket implementation
		 * allocates for every connection (its
		 * "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE" system property, 8 KiB by
		 * default). Text frames larger than this are sent as several fragments. Applies to
		 * every WebSocket endpoint in the JVM and only when the system property is not set
		 * already; set to 0 to leave Tomcat's default. Tomcat's WebSocket clients in the
		 * JVM take it as their default message buffer size too.
		 */
		private DataSize tomcatIoBufferSize = DataSize.ofBytes(1024);

		/**
		 * Size of the read and write buffers Tomcat's connector allocates for every
		 * socket, HTTP and WebSocket alike ("socket.appReadBufSize" and
		 * "socket.appWriteBufSize"). When not set, Tomcat's defaults (8 KiB each) apply.
		 * Smaller buffers save memory on idle WebSocket connections but slow down large
		 * HTTP responses, which Tomcat writes a buffer at a time.
		 */
		private @Nullable DataSize tomcatSocketBufferSize;

		/**
		 * Size of the socket read and write buffers a ws-streams or Pusher connection keeps
		 * on Tomcat once upgraded to WebSocket: the connector's (tomcat-socket-buffer-size,
		 * 8 KiB by default) are replaced as the connection opens, so that HTTP keeps large
		 * buffers and idle WebSocket connections small ones. Tomcat's cache of sockets'
		 * buffers for reuse ("socket.bufferPool") is then turned off, so that no HTTP
		 * connection inherits small buffers. Plain (not TLS) sockets of the NIO connector
		 * only; set to 0 to keep the connector's buffers.
		 */
		private DataSize tomcatUpgradedSocketBufferSize = DataSize.ofBytes(1024);

		public DataSize getMessageBufferSize() {
			return this.messageBufferSize;
		}

		public void setMessageBufferSize(DataSize messageBufferSize) {
			this.messageBufferSize = messageBufferSize;
		}

		public Shrink getShrinkMessageBuffers() {
			return this.shrinkMessageBuffers;
		}

		public void setShrinkMessageBuffers(Shrink shrinkMessageBuffers) {
			this.shrinkMessageBuffers = shrinkMessageBuffers;
		}

		public DataSize getTomcatIoBufferSize() {
			return this.tomcatIoBufferSize;
		}

		public void setTomcatIoBufferSize(DataSize tomcatIoBufferSize) {
			this.tomcatIoBufferSize = tomcatIoBufferSize;
		}

		public @Nullable DataSize getTomcatSocketBufferSize() {
			return this.tomcatSocketBufferSize;
		}

		public void setTomcatSocketBufferSize(@Nullable DataSize tomcatSocketBufferSize) {
			this.tomcatSocketBufferSize = tomcatSocketBufferSize;
		}

		public DataSize getTomcatUpgradedSocketBufferSize() {
			return this.tomcatUpgradedSocketBufferSize;
		}

		public void setTomcatUpgradedSocketBufferSize(DataSize tomcatUpgradedSocketBufferSize) {
			this.tomcatUpgradedSocketBufferSize = tomcatUpgradedSocketBufferSize;
		}

		/**
		 * The size of an upgraded connection's socket buffers on Tomcat, checked.
		 * @return the size in bytes, 0 to keep the connector's
		 * @throws InvalidConfigurationPropertyValueException unless 0 or 256 B to 64 MB
		 */
		int upgradedSocketBufferBytes() {
			long bytes = this.tomcatUpgradedSocketBufferSize.toBytes();
			if (bytes != 0 && (bytes < 256 || bytes > 64L * 1024 * 1024)) {
				throw new InvalidConfigurationPropertyValueException(
						"ws-streams.transport.tomcat-upgraded-socket-buffer-size", this.tomcatUpgradedSocketBufferSize,
						"Must be 0 (keep the connector's buffers) or 256 B to 64 MB");
			}
			return (int) bytes;
		}

		/**
		 * When to shrink the container's WebSocket message buffers.
		 */
		public enum Shrink {

			/**
			 * Shrink them when ws-streams is the application's only WebSocket endpoint:
			 * when it has no {@code @EnableWebSocket}, {@code WebSocketConfigurer},
			 * {@code @EnableWebSocketMessageBroker}, {@code ServerEndpointExporter},
			 * {@code @ServerEndpoint} bean or {@code WebSocketHandler} bean of its own.
			 */
			AUTO,

			/**
			 * Shrink them for every endpoint of the container.
			 */
			ALWAYS,

			/**
			 * Leave them at the container's default size.
			 */
			NEVER

		}

	}

}

package io.wsstreams.pusher.server;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.wsstreams.broker.TopicOccupancy;
import io.wsstreams.connection.ConnectionSettings;
import io.wsstreams.connection.DrainableSockets;
import io.wsstreams.connection.OutboundSockets;
import io.wsstreams.connection.StreamStatistics;
import io.wsstreams.pusher.InvalidPusherMessageException;
import io.wsstreams.pusher.PusherChannelType;
import io.wsstreams.pusher.PusherCodec;
import io.wsstreams.pusher.PusherErrorCode;
import io.wsstreams.pusher.PusherMessage;
import io.wsstreams.pusher.PusherNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Serves Pusher's protocol 7 at {@code /app/{key}}: checks the app key, the protocol
 * version and the origin (the page's own host or one of the app's allowed origins),
 * sends {@code pusher:connection_established}, answers {@code pusher:ping}, pings
 * clients that fell silent and closes them with 4201 when they do not answer, subscribes
 * public, {@code private-}, {@code private-encrypted-} and {@code presence-} channels,
 * signs users in ({@code pusher:signin}), and relays client events on private and
 * presence channels to the channel's other subscribers.
 *
 * <p>Errors on an open connection are sent as {@code pusher:error}; errors that end the
 * connection are sent as {@code pusher:error}, then as the close code.
 */
public final class PusherWebSocketHandler extends TextWebSocketHandler implements DrainableSockets {

	/** The protocol version served. */
	public static final int PROTOCOL_VERSION = 7;

	/** The most client events a connection may send per second, as Pusher allows. */
	public static final int CLIENT_EVENTS_PER_SECOND = 10;

	private static final Log logger = LogFactory.getLog(PusherWebSocketHandler.class);

	private static final CloseStatus RECONNECT = new CloseStatus(PusherErrorCode.GENERIC_RECONNECT.code(),
			PusherErrorCode.GENERIC_RECONNECT.message());

	private final Map<String, PusherConnection> connections = new ConcurrentHashMap<>();

	private final PusherApps apps;

	private final PusherChannels channels;

	private final PusherCodec codec;

	private final long activityTimeoutNanos;

	private final long pongTimeoutNanos;

	private final int activityTimeoutSeconds;

	private final OutboundSockets outbound;

	private final StreamStatistics statistics;

	private final BooleanSupplier accepting;

	private final CloseStatus overCapacity = new CloseStatus(PusherErrorCode.OVER_CAPACITY.code(),
			PusherErrorCode.OVER_CAPACITY.message());

	private final ScheduledExecutorService sweeper;

	private final PusherLimits limits;

	private final ScheduledExecutorService occupancyTimer;

	/**
	 * Creates the handler.
	 * @param apps the apps
	 * @param channels this node's channels
	 * @param codec the codec
	 * @param activityTimeout the silence after which the server pings a client
	 * @param pongTimeout the time a client has to answer the server's ping
	 * @param outbound the queue limit and close timeout of each socket; a socket whose
	 * queue overflows is closed with 4100, over capacity, so that its client reconnects
	 * later
	 * @param statistics where frames sent, closes and failed writes are counted
	 * @param limits the limits of presence channels
	 * @param accepting whether the node accepts connections: while it drains, a new socket
	 * is closed with 4100, so that its client reconnects after a while, to another node
	 */
	public PusherWebSocketHandler(PusherApps apps, PusherChannels channels, PusherCodec codec, Duration activityTimeout,
			Duration pongTimeout, ConnectionSettings outbound, StreamStatistics statistics, PusherLimits limits,
			BooleanSupplier accepting) {
		this.apps = apps;
		this.statistics = statistics;
		this.accepting = accepting;
		this.limits = limits;
		this.channels = channels;
		this.codec = codec;
		this.activityTimeoutNanos = activityTimeout.toNanos();
		this.pongTimeoutNanos = pongTimeout.toNanos();
		this.activityTimeoutSeconds = (int) Math.max(1, activityTimeout.toSeconds());
		long sweepMillis = Math.max(10, Math.min(1000, Math.min(activityTimeout.toMillis(), pongTimeout.toMillis()) / 4));
		this.sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ws-streams-pusher-activity");
			thread.setDaemon(true);
			return thread;
		});
		this.sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
		this.outbound = new OutboundSockets(outbound, this.sweeper, statistics);
		// Refreshing and expiring the occupancy may wait for Redis: a thread of its own keeps
		// that out of the pings' way.
		this.occupancyTimer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ws-streams-pusher-occupancy");
			thread.setDaemon(true);
			return thread;
		});
		long refreshMillis = Math.max(100, channels.ttl().toMillis() / 3);
		this.occupancyTimer.scheduleWithFixedDelay(this::refreshOccupancy, refreshMillis, refreshMillis,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		URI uri = session.getUri();
		PusherApp app = (uri != null) ? this.apps.byKey(keyOf(uri)) : null;
		if (app == null) {
			refuse(session, PusherErrorCode.APP_NOT_FOUND);
			return;
		}
		String protocol = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("protocol");
		if (protocol == null || protocol.isEmpty()) {
			refuse(session, PusherErrorCode.NO_PROTOCOL_VERSION);
			return;
		}
		if (!protocol.chars().allMatch(Character::isDigit) || protocol.length() > 9) {
			refuse(session, PusherErrorCode.INVALID_VERSION_FORMAT);
			return;
		}
		if (Integer.parseInt(protocol) != PROTOCOL_VERSION) {
			refuse(session, PusherErrorCode.UNSUPPORTED_PROTOCOL_VERSION);
			return;
		}
		if (!allowsOrigins(app, session.getAttributes())) {
			refuse(session, PusherErrorCode.UNAUTHORIZED.code(), "Origin not allowed");
			return;
		}
		if (!this.accepting.getAsBoolean()) {
			refuse(session, PusherErrorCode.OVER_CAPACITY);
			return;
		}
		String socketId = PusherNames.newSocketId();
		PusherConnection connection = new PusherConnection(socketId, app,
				this.outbound.open(socketId, "pusher app " + app.id(), session, this.overCapacity),
				CLIENT_EVENTS_PER_SECOND, System.nanoTime());
		this.connections.put(session.getId(), connection);
		connection.send(this.codec.connectionEstablished(socketId, this.activityTimeoutSeconds));
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		PusherConnection connection = this.connections.get(session.getId());
		if (connection == null) {
			return;
		}
		connection.heard(System.nanoTime());
		this.statistics.inboundProtocol(message.getPayloadLength());
		PusherMessage read;
		try {
			read = this.codec.read(message.getPayload());
		}
		catch (InvalidPusherMessageException ex) {
			connection.send(this.codec.error(null, ex.getMessage()));
			return;
		}
		switch (read.event()) {
			case PusherCodec.PING -> connection.send(this.codec.pong());
			case PusherCodec.PONG -> {
				// Any message answers the server's ping.
			}
			case PusherCodec.SUBSCRIBE -> subscribe(connection, read);
			case PusherCodec.UNSUBSCRIBE -> unsubscribe(connection, read);
			case PusherCodec.SIGNIN -> signin(connection, read);
			default -> {
				if (read.isClientEvent()) {
					clientEvent(connection, read);
				}
			}
		}
	}

	private void subscribe(PusherConnection connection, PusherMessage message) {
		String channel = message.dataString("channel");
		if (channel == null) {
			connection.send(this.codec.error(null, "Subscription must name a 'channel'"));
			return;
		}
		String problem = PusherNames.channelNameProblem(channel);
		if (problem != null) {
			connection.send(this.codec.error(null, problem));
			return;
		}
		PusherChannelType type = PusherChannelType.of(channel);
		String socketId = connection.socketId();
		PresenceMember member = null;
		if (type == PusherChannelType.PRESENCE) {
			String channelData = message.dataString("channel_data");
			if (channelData == null) {
				connection.send(this.codec.error(null, "Presence subscription must have a string 'channel_data'"));
				return;
			}
			String auth = message.dataString("auth");
			if (!connection.app().signatures().verifyChannel(socketId, channel, channelData, auth)) {
				connection.send(this.codec.error(null, "Invalid signature: Expected HMAC SHA256 hex digest of "
						+ socketId + ":" + channel + ":" + channelData));
				return;
			}
			try {
				member = limitsOf(connection).member(this.codec, channelData);
			}
			catch (InvalidPusherMessageException ex) {
				connection.send(this.codec.error(null, ex.getMessage()));
				return;
			}
			catch (PusherLimits.LimitExceededException ex) {
				connection.send(this.codec.subscriptionError(channel, "LimitReached", ex.getMessage(), ex.status()));
				return;
			}
		}
		else if (type.requiresAuthorization()
				&& !connection.app().signatures().verifyChannel(socketId, channel, null, message.dataString("auth"))) {
			connection.send(this.codec
				.error(null, "Invalid signature: Expected HMAC SHA256 hex digest of " + socketId + ":" + channel));
			return;
		}
		if (!connection.channels().add(channel)) {
			// Subscribed already: Pusher confirms again.
			connection.send((type == PusherChannelType.PRESENCE) ? presenceSucceeded(channel,
					this.channels.occupancy().members(connection.app().id(), channel))
					: this.codec.subscriptionSucceeded(channel));
			return;
		}
		TopicOccupancy.Subscribed subscribed;
		connection.presenceUser(channel, (member != null) ? member.userId() : null);
		try {
			subscribed = this.channels.subscribe(connection, channel, member,
					limitsOf(connection).maxPresenceMembers());
		}
		catch (RuntimeException ex) {
			connection.channels().remove(channel);
			connection.presenceUser(channel, null);
			logger.warn("Subscribing Pusher channel " + channel + " failed: " + ex.getMessage());
			connection.send(this.codec.error(null, "Subscription failed, try again later"));
			return;
		}
		if (!subscribed.accepted()) {
			connection.channels().remove(channel);
			connection.presenceUser(channel, null);
			connection.send(this.codec.subscriptionError(channel, "LimitReached",
					"The maximum members per presence channel limit was reached",
					PusherErrorCode.OVER_CAPACITY.code()));
			return;
		}
		if (connection.isClosed()) {
			// Closed while subscribing: the close may have missed this subscription.
			this.channels.unsubscribe(connection, channel, connection.presenceUser(channel));
			return;
		}
		if (member != null) {
			connection.membersJoined(channel, subscribed.version(), presenceSucceeded(channel, subscribed.members()));
		}
		else {
			connection.send(this.codec.subscriptionSucceeded(channel));
		}
	}

	private String presenceSucceeded(String channel, List<TopicOccupancy.Member> members) {
		Map<String, JsonNode> byUser = new LinkedHashMap<>();
		for (TopicOccupancy.Member member : members) {
			String info = member.info();
			byUser.put(member.user(), (info != null) ? this.codec.readValue(info) : NullNode.getInstance());
		}
		return this.codec.presenceSubscriptionSucceeded(channel, byUser);
	}

	private void unsubscribe(PusherConnection connection, PusherMessage message) {
		String channel = message.dataString("channel");
		if (channel != null && connection.channels().remove(channel)) {
			String user = connection.presenceUser(channel);
			connection.presenceUser(channel, null);
			this.channels.unsubscribe(connection, channel, user);
		}
	}

	private void signin(PusherConnection connection, PusherMessage message) {
		String userData = message.dataString("user_data");
		String auth = message.dataString("auth");
		if (userData == null || !connection.app().signatures().verifyUser(connection.socketId(), userData, auth)) {
			refuseSignin(connection, "Invalid signature: Expected HMAC SHA256 hex digest of " + connection.socketId()
					+ "::user::" + ((userData != null) ? userData : ""));
			return;
		}
		String userId;
		try {
			userId = PusherLimits.userId(this.codec.readObject(userData).get("id"));
		}
		catch (InvalidPusherMessageException ex) {
			refuseSignin(connection, "Invalid user data: " + ex.getMessage());
			return;
		}
		if (userId == null) {
			refuseSignin(connection, "Invalid user data: 'id' must be a non-empty string");
			return;
		}
		if (connection.userId() != null) {
			connection.send(this.codec.error(null, "Connection is already signed in"));
			return;
		}
		connection.signedIn(userId);
		try {
			this.channels.signedIn(connection, userId);
		}
		catch (RuntimeException ex) {
			connection.signedIn(null);
			logger.warn("Signing a Pusher user in failed: " + ex.getMessage());
			connection.send(this.codec.error(null, "Sign-in failed, try again later"));
			return;
		}
		if (connection.isClosed()) {
			this.channels.signedOut(connection, userId);
			return;
		}
		connection.send(this.codec.signinSuccess(userData));
	}

	private void refuseSignin(PusherConnection connection, String message) {
		connection.sendAndClose(this.codec.error(PusherErrorCode.UNAUTHORIZED.code(), message),
				new CloseStatus(PusherErrorCode.UNAUTHORIZED.code(), PusherErrorCode.UNAUTHORIZED.message()));
	}

	private void clientEvent(PusherConnection connection, PusherMessage message) {
		String channel = message.channel();
		if (!connection.app().clientEvents()) {
			connection.send(this.codec.error(null, "Client events are not enabled for this app"));
			return;
		}
		String problem = PusherNames.clientEventNameProblem(message.event());
		if (problem != null) {
			connection.send(this.codec.error(null, problem));
			return;
		}
		if (channel == null || !PusherChannelType.of(channel).acceptsClientEvents()) {
			connection.send(this.codec
				.error(null, "Client event rejected - only supported on private and presence channels"));
			return;
		}
		if (PusherChannelType.of(channel) == PusherChannelType.PRIVATE_ENCRYPTED) {
			connection.send(this.codec.error(null, "Client event rejected - not supported on encrypted channels"));
			return;
		}
		if (!connection.channels().contains(channel)) {
			connection.send(this.codec
				.error(null, "Cannot broadcast client event (connection not subscribed to channel " + channel + ")"));
			return;
		}
		if (!connection.tryClientEvent(System.nanoTime())) {
			connection.send(this.codec.error(PusherErrorCode.CLIENT_EVENT_RATE_LIMIT));
			return;
		}
		JsonNode data = message.data();
		String text = (data == null) ? "{}" : data.isString() ? data.asString() : data.toString();
		String userId = connection.presenceUser(channel);
		try {
			this.channels.publish(connection.app().id(), channel, message.event(), text, connection.socketId(), userId);
		}
		catch (RuntimeException ex) {
			logger.warn("Relaying a client event on Pusher channel " + channel + " failed: " + ex.getMessage());
			connection.send(this.codec.error(null, "Client event could not be delivered, try again later"));
			return;
		}
		this.channels.report(connection.app().id(),
				PusherActivity.clientEvent(channel, message.event(), text, connection.socketId(), userId));
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		PusherConnection connection = this.connections.remove(session.getId());
		if (connection != null) {
			connection.markClosed();
			this.outbound.closed(connection.outbound(), status);
			for (String channel : connection.channels()) {
				try {
					this.channels.unsubscribe(connection, channel, connection.presenceUser(channel));
				}
				catch (RuntimeException ex) {
					logger.debug("Unsubscribing Pusher channel " + channel + " failed", ex);
				}
			}
			connection.channels().clear();
			String userId = connection.userId();
			if (userId != null) {
				try {
					this.channels.signedOut(connection, userId);
				}
				catch (RuntimeException ex) {
					logger.debug("Signing a Pusher user out failed", ex);
				}
			}
		}
	}

	/**
	 * How many Pusher sockets are open on this node.
	 * @return the number of connections
	 */
	@Override
	public int size() {
		return this.connections.size();
	}

	/**
	 * How many channels have subscribers on this node.
	 * @return the number of channels
	 */
	public int channelCount() {
		return this.channels.size();
	}

	/**
	 * How many apps are configured.
	 * @return the number of apps
	 */
	public int appCount() {
		return this.apps.all().size();
	}

	/**
	 * The counts of this node's Pusher traffic: messages and bytes in and out, closes by
	 * code and failed writes.
	 * @return the statistics
	 */
	public StreamStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Closes some open sockets with 4200, so that their clients reconnect at once, to
	 * another node.
	 * @param count the most sockets to close
	 * @return how many it started closing
	 */
	@Override
	public int closeSome(int count) {
		int closed = 0;
		for (PusherConnection connection : this.connections.values()) {
			if (closed >= count) {
				break;
			}
			if (connection.outbound().isOpen()) {
				connection.close(RECONNECT);
				closed++;
			}
		}
		return closed;
	}

	/**
	 * Closes every socket with 4200, so that their clients reconnect at once, to another
	 * node.
	 */
	@Override
	public void closeAll() {
		this.connections.values().forEach((connection) -> connection.close(RECONNECT));
	}

	/**
	 * Stops pinging and closes every socket with 4200, so that clients reconnect at once,
	 * to another node.
	 */
	public void shutdown() {
		closeAll();
		this.outbound.shutdown();
		this.sweeper.shutdownNow();
		this.occupancyTimer.shutdownNow();
	}

	private void refreshOccupancy() {
		try {
			this.channels.refreshAndExpire(this.connections.values(),
					this.apps.all().stream().map(PusherApp::id).toList());
		}
		catch (RuntimeException ex) {
			logger.warn("Refreshing the occupancy of Pusher channels failed: " + ex.getMessage());
		}
	}

	private void sweep() {
		long now = System.nanoTime();
		for (PusherConnection connection : this.connections.values()) {
			try {
				if (connection.isPingPending()) {
					if (now - connection.pingSentAt() >= this.pongTimeoutNanos) {
						connection.sendAndClose(this.codec.error(PusherErrorCode.PONG_NOT_RECEIVED),
								new CloseStatus(PusherErrorCode.PONG_NOT_RECEIVED.code(),
										PusherErrorCode.PONG_NOT_RECEIVED.message()));
					}
				}
				else if (now - connection.lastActivity() >= this.activityTimeoutNanos) {
					connection.pingSent(now);
					connection.send(this.codec.ping());
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Checking the activity of Pusher socket " + connection.socketId() + " failed", ex);
			}
		}
	}

	private void refuse(WebSocketSession session, PusherErrorCode code) throws IOException {
		refuse(session, code.code(), code.message());
	}

	private void refuse(WebSocketSession session, int code, String message) throws IOException {
		try {
			session.sendMessage(new TextMessage(this.codec.error(code, message)));
		}
		finally {
			session.close(new CloseStatus(code, message));
		}
	}

	/**
	 * Whether every {@code Origin} of a handshake, as {@link PusherHandshakeInterceptor}
	 * kept them, is the page's own host or one the app allows.
	 */
	private static boolean allowsOrigins(PusherApp app, Map<String, Object> attributes) {
		Object host = attributes.get(PusherHandshakeInterceptor.HOST);
		if (!(attributes.get(PusherHandshakeInterceptor.ORIGINS) instanceof List<?> origins)) {
			return true;
		}
		for (Object value : origins) {
			String origin = String.valueOf(value);
			int scheme = origin.indexOf("://");
			boolean sameHost = host instanceof String name && scheme > 0
					&& origin.substring(scheme + 3).equalsIgnoreCase(name);
			if (!sameHost && !app.allowsOrigin(origin)) {
				return false;
			}
		}
		return true;
	}

	/** The limits of the connection's app, else the endpoint's. */
	private PusherLimits limitsOf(PusherConnection connection) {
		PusherLimits own = connection.app().limits();
		return (own != null) ? own : this.limits;
	}

	private static String keyOf(URI uri) {
		String path = uri.getPath();
		return (path != null) ? path.substring(path.lastIndexOf('/') + 1) : "";
	}

}

package io.wsstreams.pusher.server;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Serves Pusher's protocol 7 at {@code /app/{key}}: checks the app key, the protocol
 * version and the origin (the page's own host or one of the app's allowed origins),
 * sends {@code pusher:connection_established}, answers {@code pusher:ping}, pings
 * clients that fell silent and closes them with 4201 when they do not answer, subscribes
 * public and {@code private-} channels, and relays client events on private channels to
 * the channel's other subscribers.
 *
 * <p>Errors on an open connection are sent as {@code pusher:error}; errors that end the
 * connection are sent as {@code pusher:error}, then as the close code.
 */
public final class PusherWebSocketHandler extends TextWebSocketHandler {

	/** The protocol version served. */
	public static final int PROTOCOL_VERSION = 7;

	/** The most client events a connection may send per second, as Pusher allows. */
	public static final int CLIENT_EVENTS_PER_SECOND = 10;

	private static final Log logger = LogFactory.getLog(PusherWebSocketHandler.class);

	private final Map<String, PusherConnection> connections = new ConcurrentHashMap<>();

	private final PusherApps apps;

	private final PusherChannels channels;

	private final PusherCodec codec;

	private final long activityTimeoutNanos;

	private final long pongTimeoutNanos;

	private final int activityTimeoutSeconds;

	private final int sendTimeLimitMillis;

	private final int sendBufferLimit;

	private final ScheduledExecutorService sweeper;

	/**
	 * Creates the handler.
	 * @param apps the apps
	 * @param channels this node's channels
	 * @param codec the codec
	 * @param activityTimeout the silence after which the server pings a client
	 * @param pongTimeout the time a client has to answer the server's ping
	 * @param sendTimeLimit the longest a send to one socket may take
	 * @param sendBufferLimit the most bytes queued for one socket
	 */
	public PusherWebSocketHandler(PusherApps apps, PusherChannels channels, PusherCodec codec, Duration activityTimeout,
			Duration pongTimeout, Duration sendTimeLimit, int sendBufferLimit) {
		this.apps = apps;
		this.channels = channels;
		this.codec = codec;
		this.activityTimeoutNanos = activityTimeout.toNanos();
		this.pongTimeoutNanos = pongTimeout.toNanos();
		this.activityTimeoutSeconds = (int) Math.max(1, activityTimeout.toSeconds());
		this.sendTimeLimitMillis = (int) Math.min(Integer.MAX_VALUE, sendTimeLimit.toMillis());
		this.sendBufferLimit = sendBufferLimit;
		long sweepMillis = Math.max(10, Math.min(1000, Math.min(activityTimeout.toMillis(), pongTimeout.toMillis()) / 4));
		this.sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ws-streams-pusher-activity");
			thread.setDaemon(true);
			return thread;
		});
		this.sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
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
		WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, this.sendTimeLimitMillis,
				this.sendBufferLimit, ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
		String socketId = PusherNames.newSocketId();
		PusherConnection connection = new PusherConnection(socketId, app, safe, CLIENT_EVENTS_PER_SECOND,
				System.nanoTime());
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
			case PusherCodec.SIGNIN -> connection.send(this.codec.error(null, "User sign-in is not supported"));
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
		if (type == PusherChannelType.PRESENCE || type == PusherChannelType.PRIVATE_ENCRYPTED) {
			connection.send(this.codec.error(null, "Channels of type " + type.prefix() + " are not supported"));
			return;
		}
		if (type == PusherChannelType.PRIVATE && !connection.app()
			.signatures()
			.verifyChannel(connection.socketId(), channel, null, message.dataString("auth"))) {
			connection.send(this.codec.error(null, "Invalid signature: Expected HMAC SHA256 hex digest of "
					+ connection.socketId() + ":" + channel));
			return;
		}
		if (connection.channels().add(channel)) {
			try {
				this.channels.subscribe(connection, channel);
			}
			catch (RuntimeException ex) {
				connection.channels().remove(channel);
				logger.warn("Subscribing Pusher channel " + channel + " failed: " + ex.getMessage());
				connection.send(this.codec.error(null, "Subscription failed, try again later"));
				return;
			}
		}
		connection.send(this.codec.subscriptionSucceeded(channel));
	}

	private void unsubscribe(PusherConnection connection, PusherMessage message) {
		String channel = message.dataString("channel");
		if (channel != null && connection.channels().remove(channel)) {
			this.channels.unsubscribe(connection, channel);
		}
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
		try {
			this.channels.publish(connection.app().id(), channel, message.event(), text, connection.socketId());
		}
		catch (RuntimeException ex) {
			logger.warn("Relaying a client event on Pusher channel " + channel + " failed: " + ex.getMessage());
			connection.send(this.codec.error(null, "Client event could not be delivered, try again later"));
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		PusherConnection connection = this.connections.remove(session.getId());
		if (connection != null) {
			for (String channel : connection.channels()) {
				try {
					this.channels.unsubscribe(connection, channel);
				}
				catch (RuntimeException ex) {
					logger.debug("Unsubscribing Pusher channel " + channel + " failed", ex);
				}
			}
			connection.channels().clear();
		}
	}

	/**
	 * How many Pusher sockets are open on this node.
	 * @return the number of connections
	 */
	public int size() {
		return this.connections.size();
	}

	/**
	 * Stops pinging and closes every socket with 4200, so that clients reconnect at once,
	 * to another node.
	 */
	public void shutdown() {
		this.sweeper.shutdownNow();
		CloseStatus status = new CloseStatus(PusherErrorCode.GENERIC_RECONNECT.code(),
				PusherErrorCode.GENERIC_RECONNECT.message());
		this.connections.values().forEach((connection) -> connection.close(status));
	}

	private void sweep() {
		long now = System.nanoTime();
		for (PusherConnection connection : this.connections.values()) {
			try {
				if (connection.isPingPending()) {
					if (now - connection.pingSentAt() >= this.pongTimeoutNanos) {
						connection.send(this.codec.error(PusherErrorCode.PONG_NOT_RECEIVED));
						connection.close(new CloseStatus(PusherErrorCode.PONG_NOT_RECEIVED.code(),
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

	private static String keyOf(URI uri) {
		String path = uri.getPath();
		return (path != null) ? path.substring(path.lastIndexOf('/') + 1) : "";
	}

}

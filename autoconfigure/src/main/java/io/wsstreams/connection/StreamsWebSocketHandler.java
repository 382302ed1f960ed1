package io.wsstreams.connection;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.wsstreams.StreamAuthorizer;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.CloseCodes;
import io.wsstreams.protocol.ErrorCode;
import io.wsstreams.protocol.InboundFrame;
import io.wsstreams.protocol.InboundFrameReader;
import io.wsstreams.protocol.InvalidFrameException;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.OutboundFrames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The WebSocket endpoint: checks a new connection's parameters, limits and authorization,
 * welcomes it and joins its topics; turns inbound frames into dispatches; cleans up on
 * close.
 *
 * <p>Runs on container threads: one frame of a connection at a time. It accepts partial
 * messages so that the container's per-session buffers can stay small; a large frame is
 * assembled only when one arrives.
 */
public final class StreamsWebSocketHandler implements WebSocketHandler {

	private static final Log logger = LogFactory.getLog(StreamsWebSocketHandler.class);

	private static final String CONNECTION_ATTRIBUTE = StreamConnection.class.getName();

	private final FeatureRegistry features;

	private final ConnectionRegistry registry;

	private final FrameDispatcher dispatcher;

	private final InboundFrameReader reader;

	private final OutboundFrames frames;

	private final StreamAuthorizer authorizer;

	private final ConnectionSettings settings;

	private final int maxConnectionsPerUser;

	private final StreamStatistics statistics;

	private final ConnectionCloser closer;

	private final FrameSinkFactory sinks;

	private final JoinHandler joins;

	public StreamsWebSocketHandler(FeatureRegistry features, ConnectionRegistry registry,
			FrameDispatcher dispatcher, InboundFrameReader reader, OutboundFrames frames,
			StreamAuthorizer authorizer, ConnectionSettings settings, int maxConnectionsPerUser,
			StreamStatistics statistics, HeartbeatMonitor heartbeats, JoinHandler joins) {
		this.features = features;
		this.registry = registry;
		this.dispatcher = dispatcher;
		this.reader = reader;
		this.frames = frames;
		this.authorizer = authorizer;
		this.settings = settings;
		this.maxConnectionsPerUser = maxConnectionsPerUser;
		this.statistics = statistics;
		this.closer = new ConnectionCloser(heartbeats.timer(), settings.closeTimeout());
		this.sinks = new FrameSinkFactory(settings);
		this.joins = joins;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		Object attribute = session.getAttributes().remove(HandshakeInfo.ATTRIBUTE);
		HandshakeInfo handshake = (attribute instanceof HandshakeInfo info) ? info : HandshakeInfo.ANONYMOUS;
		ConnectRequest request;
		try {
			request = ConnectRequest.parse(session.getUri(), this.features);
		}
		catch (ConnectRequest.Rejected ex) {
			reject(session, ex.reason(), ex.status());
			return;
		}
		StreamConnection connection = new StreamConnection(newId(), request.stream(), handshake.user(),
				handshake.sessionId(), request.features(), this.settings, this.closer,
				(created) -> this.sinks.create(created, session), this.statistics);
		connection.authenticated(handshake.principal(), handshake.expiresAt());
		if (!this.registry.register(connection, this.maxConnectionsPerUser)) {
			reject(session, "too-many-connections",
					CloseCodes.status(CloseCodes.TOO_MANY_CONNECTIONS, "Too many connections"));
			return;
		}
		for (FeatureDefinition feature : request.features().values()) {
			if (!this.authorizer.canSubscribe(handshake.user(), request.stream(), feature.name())) {
				this.registry.unregister(connection);
				reject(session, "forbidden",
						CloseCodes.status(CloseCodes.FORBIDDEN, "Forbidden: " + feature.name()));
				return;
			}
		}
		session.getAttributes().put(CONNECTION_ATTRIBUTE, connection);
		Map<String, String> clients = new LinkedHashMap<>();
		request.features().values().forEach((feature) -> clients.put(feature.name(), feature.strategy().id()));
		String userId = (handshake.user() != null) ? handshake.user().id() : null;
		OutboundFrame welcome = this.frames.welcome(connection.id(), connection.stream(), userId, clients,
				this.settings.heartbeatInterval().toMillis());
		// The welcome waits for the joins, so that a client that has its welcome is on its
		// topics: a publication made after it reaches the client.
		connection.open(welcome);
		try {
			for (FeatureDefinition feature : request.features().values()) {
				this.joins.join(connection, feature, request.since().get(feature.name()));
			}
		}
		finally {
			connection.release();
		}
		for (FeatureDefinition feature : request.features().values()) {
			this.dispatcher.notify(connection, feature, true);
		}
	}

	private void reject(WebSocketSession session, String reason, CloseStatus status) {
		this.statistics.rejected(reason);
		try {
			session.close(status);
		}
		catch (Exception ex) {
			logger.debug("Could not close a rejected connection", ex);
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		StreamConnection connection = connection(session);
		if (connection == null) {
			return;
		}
		if (!connection.isOpen()) {
			// Closing: what still arrives, such as the rest of a frame over the size
			// limit, must not be taken for new frames.
			return;
		}
		InboundGate inbound = connection.inbound();
		inbound.received();
		if (message instanceof TextMessage text) {
			InboundGate.Assembly assembly = inbound.assemble(text.getPayload(), text.isLast());
			if (assembly instanceof InboundGate.Assembly.Complete complete) {
				handleText(connection, inbound, complete.text());
			}
			else if (assembly == InboundGate.Assembly.TooBig.INSTANCE) {
				connection.close(CloseCodes.status(CloseCodes.TOO_BIG, "Frame too large"));
			}
		}
		else if (message instanceof BinaryMessage binary) {
			if (binary.isLast()) {
				inbound.counted();
				this.statistics.inboundProtocol(binary.getPayloadLength());
				if (inbound.tryAcquire()) {
					error(connection, null, ErrorCode.INVALID_MESSAGE, "Binary frames are not supported");
				}
				else {
					rateLimited(connection, inbound, null);
				}
			}
		}
		else if (!(message instanceof PongMessage)) {
			logger.debug("Ignoring unexpected message type " + message.getClass().getSimpleName());
		}
	}

	/**
	 * Handles a whole text frame. Every frame takes a token of the inbound rate first,
	 * valid or not, so that no kind of frame floods the handler. A frame over the rate is
	 * only scanned for its {@code type} and {@code ref}: a ping is still answered, a frame
	 * with a {@code ref} gets its {@code RATE_LIMITED}, and frames without one get one
	 * {@code RATE_LIMITED} a second at most, so a flood cannot make the server write as
	 * fast as the client sends.
	 */
	private void handleText(StreamConnection connection, InboundGate inbound, String text) {
		inbound.counted();
		int bytes = OutboundFrame.utf8Length(text);
		if (!inbound.tryAcquire()) {
			this.statistics.inboundProtocol(bytes);
			InboundFrameReader.Peek peek = this.reader.peek(text);
			if ("ping".equals(peek.type())) {
				connection.send(this.frames.pong(peek.ref(), System.currentTimeMillis()));
			}
			else {
				rateLimited(connection, inbound, peek.ref());
			}
			return;
		}
		InboundFrame frame;
		try {
			frame = this.reader.read(text);
		}
		catch (InvalidFrameException ex) {
			this.statistics.inboundProtocol(bytes);
			error(connection, ex.ref(), ex.code(), ex.getMessage());
			return;
		}
		if ("ping".equals(frame.type())) {
			this.statistics.inboundProtocol(bytes);
			OutboundFrame pong = this.frames.pong(frame.ref(), System.currentTimeMillis());
			connection.send(pong);
			return;
		}
		this.dispatcher.dispatch(connection, frame, bytes);
	}

	/**
	 * Drops a frame over the inbound rate: answers it when it has a {@code ref}, and
	 * otherwise at most once a second. Every dropped frame counts as a
	 * {@code RATE_LIMITED} error.
	 */
	private void rateLimited(StreamConnection connection, InboundGate inbound, @Nullable String ref) {
		if (ref != null || inbound.rateLimitNoticeDue()) {
			error(connection, ref, ErrorCode.RATE_LIMITED, "Rate limit exceeded; message dropped");
		}
		else {
			this.statistics.error(ErrorCode.RATE_LIMITED);
		}
	}

	private void error(StreamConnection connection, @Nullable String ref, ErrorCode code, String message) {
		this.statistics.error(code);
		OutboundFrame frame = this.frames.error(ref, code, message, null);
		connection.send(frame);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		StreamConnection connection = connection(session);
		if (logger.isDebugEnabled()) {
			logger.debug("Transport error on connection " + ((connection != null) ? connection.id() : "(rejected)")
					+ ": " + exception);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		this.statistics.closed(closeStatus.getCode());
		Object attribute = session.getAttributes().remove(CONNECTION_ATTRIBUTE);
		if (!(attribute instanceof StreamConnection connection)) {
			return;
		}
		connection.markClosed();
		// A shutdown waits for the leave work, so that it runs before the application stops.
		this.registry.unregister(connection, () -> {
			for (FeatureDefinition feature : connection.features().values()) {
				this.joins.leave(connection, feature);
			}
			for (FeatureDefinition feature : connection.features().values()) {
				this.dispatcher.notify(connection, feature, false);
			}
		});
	}

	/**
	 * Ends the close threads, when the context closes: every socket was closed by then.
	 */
	public void shutdown() {
		this.closer.shutdown();
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	private static @Nullable StreamConnection connection(WebSocketSession session) {
		return (session.getAttributes().get(CONNECTION_ATTRIBUTE) instanceof StreamConnection connection) ? connection
				: null;
	}

	private static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		byte[] bytes = new byte[12];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}

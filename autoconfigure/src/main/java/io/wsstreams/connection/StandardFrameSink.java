package io.wsstreams.connection;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * A {@link FrameSink} over a Jakarta WebSocket session (Tomcat, Undertow), using its
 * asynchronous remote endpoint so that a write never blocks the publishing thread.
 *
 * <p>Tomcat answers a close frame from the peer on the container thread that read it, and
 * that answer waits until the frame in flight completes, which takes another container
 * thread. Frames started one after another while the answer waits postpone it frame by
 * frame; when many peers close at once, every container thread waits that way. The
 * Jakarta API cannot tell such a session from an open one ({@link Session#isOpen()} is
 * {@code true} for both), so on Tomcat this sink reads the session's own state for
 * {@link #isClosing()}. On another container, or a Tomcat whose state it cannot read, it
 * reports {@code false}.
 */
final class StandardFrameSink implements FrameSink, SendHandler {

	/** Tomcat's per-session timeout for blocking sends, which include close frames. */
	static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final StreamConnection connection;

	private final WebSocketSession session;

	private final Session nativeSession;

	private final @Nullable AtomicReference<?> tomcatState;

	StandardFrameSink(StreamConnection connection, WebSocketSession session, Session nativeSession,
			long closeTimeoutMillis) {
		this.connection = connection;
		this.session = session;
		this.nativeSession = nativeSession;
		this.tomcatState = TomcatState.of(nativeSession);
		nativeSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, closeTimeoutMillis);
	}

	@Override
	public void sendText(String text) {
		this.nativeSession.getAsyncRemote().sendText(text, this);
	}

	/**
	 * Starts writing a text frame that reports its completion elsewhere.
	 * @param text the frame
	 * @param handler called when the frame is written or failed
	 */
	void sendText(String text, SendHandler handler) {
		this.nativeSession.getAsyncRemote().sendText(text, handler);
	}

	@Override
	public void onResult(SendResult result) {
		this.connection.onSendComplete(result.isOK() ? null : result.getException());
	}

	@Override
	public boolean pingBlocks() {
		return true;
	}

	@Override
	public boolean isOpen() {
		return this.nativeSession.isOpen();
	}

	@Override
	public void sendPing() {
		try {
			this.nativeSession.getAsyncRemote().sendPing(EMPTY.duplicate());
		}
		catch (IOException | RuntimeException ex) {
			// The socket is gone; the close callback cleans up.
		}
	}

	@Override
	public boolean isClosing() {
		AtomicReference<?> state = this.tomcatState;
		return state != null && state.get() != TomcatState.OPEN;
	}

	@Override
	public void close(CloseStatus status) {
		try {
			this.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			// Already closed or the peer vanished; the close callback cleans up.
		}
	}

	/**
	 * Whether the state of Tomcat's sessions can be read on this classpath.
	 * @return {@code true} when Tomcat's WebSocket implementation is present and its
	 * session state is where this sink looks for it
	 */
	static boolean canReadTomcatState() {
		return TomcatState.FIELD != null && TomcatState.OPEN != null;
	}

	/**
	 * The {@code state} of Tomcat's {@code WsSession}: {@code OPEN} until a close starts,
	 * from either side. Read only where the session's states are the ones known here, so
	 * that a state added by a later Tomcat is never taken for a close.
	 */
	static final class TomcatState {

		static final String SESSION_CLASS = "org.apache.tomcat.websocket.WsSession";

		static final String STATE_FIELD = "state";

		private static final Set<String> STATES = Set.of("OPEN", "OUTPUT_CLOSING", "OUTPUT_CLOSED", "CLOSING",
				"CLOSED");

		static final @Nullable Field FIELD = field();

		static final @Nullable Object OPEN = open(FIELD);

		private TomcatState() {
		}

		static @Nullable AtomicReference<?> of(Session session) {
			Field field = FIELD;
			if (field == null || OPEN == null || !field.getDeclaringClass().isInstance(session)) {
				return null;
			}
			return (ReflectionUtils.getField(field, session) instanceof AtomicReference<?> state) ? state : null;
		}

		private static @Nullable Field field() {
			try {
				Class<?> type = ClassUtils.forName(SESSION_CLASS, StandardFrameSink.class.getClassLoader());
				Field field = type.getDeclaredField(STATE_FIELD);
				if (field.getType() != AtomicReference.class) {
					return null;
				}
				ReflectionUtils.makeAccessible(field);
				return field;
			}
			catch (ClassNotFoundException | NoSuchFieldException | LinkageError | RuntimeException ex) {
				return null;
			}
		}

		private static @Nullable Object open(@Nullable Field field) {
			if (field == null || !(field.getGenericType() instanceof ParameterizedType reference)) {
				return null;
			}
			Type[] arguments = reference.getActualTypeArguments();
			if (arguments.length != 1 || !(arguments[0] instanceof Class<?> type) || !type.isEnum()) {
				return null;
			}
			Object open = null;
			Set<String> names = new HashSet<>();
			for (Object state : type.getEnumConstants()) {
				String name = ((Enum<?>) state).name();
				names.add(name);
				if ("OPEN".equals(name)) {
					open = state;
				}
			}
			return names.equals(STATES) ? open : null;
		}

	}

}

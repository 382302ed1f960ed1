package io.wsstreams.connection;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import org.springframework.web.socket.CloseStatus;

/**
 * A {@link FrameSink} over a Jetty WebSocket session, using its callback-based sends.
 */
final class JettyFrameSink implements FrameSink, Callback {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final StreamConnection connection;

	private final Session nativeSession;

	JettyFrameSink(StreamConnection connection, Session nativeSession, long maxFrameBytes, Duration idleTimeout) {
		this.connection = connection;
		this.nativeSession = nativeSession;
		// Jetty assembles whole messages, so it enforces the frame size limit itself (it
		// closes with 1009); its idle timeout must stay out of the heartbeat timeout's way.
		nativeSession.setMaxTextMessageSize(maxFrameBytes);
		nativeSession.setMaxBinaryMessageSize(maxFrameBytes);
		nativeSession.setIdleTimeout(idleTimeout);
	}

	@Override
	public void sendText(String text) {
		this.nativeSession.sendText(text, this);
	}

	@Override
	public void succeed() {
		this.connection.onSendComplete(null);
	}

	@Override
	public void fail(Throwable cause) {
		this.connection.onSendComplete(cause);
	}

	@Override
	public boolean isOpen() {
		return this.nativeSession.isOpen();
	}

	@Override
	public void sendPing() {
		this.nativeSession.sendPing(EMPTY.duplicate(), Callback.NOOP);
	}

	@Override
	public void close(CloseStatus status) {
		this.nativeSession.close(status.getCode(), status.getReason(), Callback.NOOP);
	}

}

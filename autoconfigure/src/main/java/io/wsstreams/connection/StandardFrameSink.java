package io.wsstreams.connection;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * A {@link FrameSink} over a Jakarta WebSocket session (Tomcat, Undertow), using its
 * asynchronous remote endpoint so that a write never blocks the publishing thread.
 */
final class StandardFrameSink implements FrameSink, SendHandler {

	/** Tomcat's per-session timeout for blocking sends, which include close frames. */
	static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final StreamConnection connection;

	private final WebSocketSession session;

	private final Session nativeSession;

	StandardFrameSink(StreamConnection connection, WebSocketSession session, Session nativeSession,
			long closeTimeoutMillis) {
		this.connection = connection;
		this.session = session;
		this.nativeSession = nativeSession;
		nativeSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, closeTimeoutMillis);
	}

	@Override
	public void sendText(String text) {
		this.nativeSession.getAsyncRemote().sendText(text, this);
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
	public void close(CloseStatus status) {
		try {
			this.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			// Already closed or the peer vanished; the close callback cleans up.
		}
	}

}

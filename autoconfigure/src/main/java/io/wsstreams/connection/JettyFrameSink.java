package io.wsstreams.connection;

import java.nio.ByteBuffer;
import java.time.Duration;

import io.wsstreams.protocol.OutboundFrame;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A {@link FrameSink} over a Jetty WebSocket session, using its callback-based sends.
 *
 * <p>Where the session is Jetty's own, an encoded frame goes to the session's core as a
 * text frame over the frame's shared {@link OutboundFrame#payload() UTF-8 payload}, so that
 * the text is encoded once per publication rather than once per connection, with a
 * completion that Jetty may run on the thread that finishes the write, as it never blocks.
 *
 * <p>As ws-streams negotiates no extension, such a frame goes straight to the connection's
 * frame flusher, the queue where Jetty orders every frame of a socket (its pings, pongs and
 * close frame included), past the layers of the session's own send that only a
 * negotiated extension, fragmentation or a partial message would need: their checks, their
 * per-frame entries and callbacks and a second queue cost a fifth of a delivery's CPU
 * in fan-out. A frame longer than Jetty's frame size limit still takes the session's path,
 * which fragments it.
 */
final class JettyFrameSink implements FrameSink, Callback, org.eclipse.jetty.util.Callback {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final StreamConnection connection;

	private final Session nativeSession;

	private final @Nullable CoreSession core;

	/** The connection to queue frames on directly, when no extension was negotiated. */
	private final @Nullable WebSocketConnection direct;

	private final long maxDirectPayload;

	JettyFrameSink(StreamConnection connection, Session nativeSession, long maxFrameBytes, Duration idleTimeout) {
		this.connection = connection;
		this.nativeSession = nativeSession;
		this.core = (nativeSession instanceof WebSocketSession session) ? session.getCoreSession() : null;
		this.direct = (this.core instanceof WebSocketCoreSession coreSession
				&& coreSession.getNegotiatedExtensions().isEmpty()) ? coreSession.getConnection() : null;
		long maxFrameSize = (this.core != null) ? this.core.getMaxFrameSize() : 0;
		this.maxDirectPayload = (maxFrameSize > 0) ? maxFrameSize : Long.MAX_VALUE;
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
	public void send(OutboundFrame frame) {
		CoreSession session = this.core;
		if (session == null) {
			sendText(frame.text());
			return;
		}
		Frame text = new Frame(OpCode.TEXT, frame.payload());
		WebSocketConnection connection = this.direct;
		if (connection == null || text.getPayloadLength() > this.maxDirectPayload) {
			session.sendFrame(text, this, false);
			return;
		}
		try {
			// The flusher refuses frames once the close frame is queued, through this callback.
			connection.enqueueFrame(new OutgoingEntry.Builder(text, this).build());
		}
		catch (ProtocolException ex) {
			fail(ex);
		}
	}

	@Override
	public void succeeded() {
		succeed();
	}

	@Override
	public void failed(Throwable cause) {
		fail(cause);
	}

	@Override
	public InvocationType getInvocationType() {
		return InvocationType.NON_BLOCKING;
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

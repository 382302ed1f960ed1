package io.wsstreams.connection;

import java.util.List;

import io.wsstreams.protocol.OutboundFrame;

import org.springframework.web.socket.CloseStatus;

/**
 * Writes frames to one socket without blocking the caller, through the container's own
 * asynchronous API or, on Tomcat, its non-blocking socket writes.
 *
 * <p>At most one {@link #sendText}, {@link #send} or {@link #sendAll} is in flight per
 * sink; {@link StreamConnection} guarantees it and calls the next one from the completion
 * callback.
 */
interface FrameSink {

	/**
	 * Starts writing a text frame; calls {@link StreamConnection#onSendComplete} when the
	 * frame is written or failed, on whichever thread the container completes it.
	 * @param text the frame
	 */
	void sendText(String text);

	/**
	 * Starts writing an encoded frame, as {@link #sendText} does with its text. A sink that
	 * writes the socket itself sends the frame's {@link OutboundFrame#wireFrame() wire
	 * form}, encoded once for every connection it goes to; others send its text.
	 * @param frame the frame
	 */
	default void send(OutboundFrame frame) {
		sendText(frame.text());
	}

	/**
	 * The most frames this sink writes in one {@link #sendAll}.
	 * @return the limit, {@code 1} for a sink that writes one frame at a time
	 */
	default int batchLimit() {
		return 1;
	}

	/**
	 * Starts writing several frames at once, in order, as the frames that waited in a
	 * connection's queue: calls {@link StreamConnection#onSendComplete} once, when all are
	 * written or the write failed. Called with two to {@link #batchLimit()} frames only.
	 * @param frames the frames
	 */
	default void sendAll(List<OutboundFrame> frames) {
		throw new UnsupportedOperationException("Writes one frame at a time");
	}

	/**
	 * Sends a protocol ping. Only called while no text frame is in flight.
	 */
	void sendPing();

	/**
	 * Whether {@link #sendPing()} blocks until the ping is written, as the Jakarta
	 * WebSocket API's does; such pings run on the close executor.
	 * @return {@code true} when pings block
	 */
	default boolean pingBlocks() {
		return false;
	}

	/**
	 * Whether the container still takes frames for this socket; a write to a socket it
	 * already closed (the peer went away) fails, and that is no fault of the frame.
	 * @return {@code false} once the socket is closed
	 */
	boolean isOpen();
	/**
	 * Whether the container is closing the socket on its own, as when it answers a close
	 * frame the peer sent. The answer waits for the frame in flight; a frame started now
	 * would only delay it further.
	 * @return {@code true} when no further frame should be started
	 */
	default boolean isClosing() {
		return false;
	}

	/**
	 * Closes the socket with a close frame. May block up to the close timeout when the
	 * peer does not read, so callers run it on the close executor.
	 * @param status the close status
	 */
	void close(CloseStatus status);

}

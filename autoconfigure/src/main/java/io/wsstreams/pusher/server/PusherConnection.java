package io.wsstreams.pusher.server;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One Pusher socket: its socket id, app and channels, when it was last heard from, and
 * its budget of client events.
 */
final class PusherConnection {

	private static final Log logger = LogFactory.getLog(PusherConnection.class);

	/** The window of the client event rate limit, in nanoseconds. */
	private static final long RATE_WINDOW_NANOS = 1_000_000_000L;

	private final String socketId;

	private final PusherApp app;

	private final WebSocketSession session;

	private final int clientEventsPerSecond;

	private final Set<String> channels = ConcurrentHashMap.newKeySet();

	private volatile long lastActivity;

	private volatile long pingSentAt;

	private volatile boolean pingPending;

	private long windowStart;

	private int windowCount;

	/**
	 * Creates a connection.
	 * @param socketId its socket id
	 * @param app its app
	 * @param session its session, safe for sends from any thread
	 * @param clientEventsPerSecond the most client events it may send per second
	 * @param now the current {@link System#nanoTime()}
	 */
	PusherConnection(String socketId, PusherApp app, WebSocketSession session, int clientEventsPerSecond, long now) {
		this.socketId = socketId;
		this.app = app;
		this.session = session;
		this.clientEventsPerSecond = clientEventsPerSecond;
		this.lastActivity = now;
	}

	String socketId() {
		return this.socketId;
	}

	PusherApp app() {
		return this.app;
	}

	/**
	 * The channels it is subscribed to.
	 * @return a live set
	 */
	Set<String> channels() {
		return this.channels;
	}

	/**
	 * Records a message from the client, which answers any ping.
	 * @param now the current {@link System#nanoTime()}
	 */
	void heard(long now) {
		this.lastActivity = now;
		this.pingPending = false;
	}

	long lastActivity() {
		return this.lastActivity;
	}

	boolean isPingPending() {
		return this.pingPending;
	}

	long pingSentAt() {
		return this.pingSentAt;
	}

	void pingSent(long now) {
		this.pingSentAt = now;
		this.pingPending = true;
	}

	/**
	 * Counts a client event against the rate limit.
	 * @param now the current {@link System#nanoTime()}
	 * @return {@code false} when the connection already sent its events of this second
	 */
	synchronized boolean tryClientEvent(long now) {
		if (this.windowCount == 0 || now - this.windowStart >= RATE_WINDOW_NANOS) {
			this.windowStart = now;
			this.windowCount = 0;
		}
		if (this.windowCount >= this.clientEventsPerSecond) {
			return false;
		}
		this.windowCount++;
		return true;
	}

	/**
	 * Sends a text frame; a failed send closes the connection.
	 * @param text the frame
	 * @return whether it was sent or queued
	 */
	boolean send(String text) {
		if (!this.session.isOpen()) {
			return false;
		}
		try {
			this.session.sendMessage(new TextMessage(text));
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Sending to Pusher socket " + this.socketId + " failed", ex);
			close(CloseStatus.SESSION_NOT_RELIABLE);
			return false;
		}
	}

	/**
	 * Closes the socket.
	 * @param status the close status
	 */
	void close(CloseStatus status) {
		try {
			this.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Closing Pusher socket " + this.socketId + " failed", ex);
		}
	}

}

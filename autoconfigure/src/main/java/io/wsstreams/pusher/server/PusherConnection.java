package io.wsstreams.pusher.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.wsstreams.connection.StreamConnection;
import io.wsstreams.protocol.OutboundFrame;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * One Pusher socket: its socket id, app, channels and signed-in user, when it was last
 * heard from, and its budget of client events.
 */
final class PusherConnection {

	/** The window of the client event rate limit, in nanoseconds. */
	private static final long RATE_WINDOW_NANOS = 1_000_000_000L;

	private final String socketId;

	private final PusherApp app;

	private final StreamConnection outbound;

	private final int clientEventsPerSecond;

	private final Set<String> channels = ConcurrentHashMap.newKeySet();

	/** The member's user of each presence channel it is on. */
	private final Map<String, String> presenceUsers = new ConcurrentHashMap<>();

	private volatile @Nullable String userId;

	private volatile boolean closed;

	/** The member announcements of each presence channel, held or filtered by version. */
	private final Map<String, MemberGate> memberGates = new ConcurrentHashMap<>();

	private volatile long lastActivity;

	private volatile long pingSentAt;

	private volatile boolean pingPending;

	private long windowStart;

	private int windowCount;

	/**
	 * Creates a connection.
	 * @param socketId its socket id
	 * @param app its app
	 * @param outbound its outbound side, which never blocks a sender
	 * @param clientEventsPerSecond the most client events it may send per second
	 * @param now the current {@link System#nanoTime()}
	 */
	PusherConnection(String socketId, PusherApp app, StreamConnection outbound, int clientEventsPerSecond, long now) {
		this.socketId = socketId;
		this.app = app;
		this.outbound = outbound;
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
	 * The member's user on a presence channel.
	 * @param channel the channel
	 * @return the user, or {@code null} when not a member there
	 */
	@Nullable String presenceUser(String channel) {
		return this.presenceUsers.get(channel);
	}

	/**
	 * Remembers or forgets the member's user on a presence channel.
	 * @param channel the channel
	 * @param user the user, or {@code null} to forget it
	 */
	void presenceUser(String channel, @Nullable String user) {
		if (user != null) {
			this.presenceUsers.put(channel, user);
		}
		else {
			this.presenceUsers.remove(channel);
		}
	}

	/**
	 * Holds back the member announcements of a presence channel until the connection has
	 * its members, from before it subscribes.
	 * @param channel the channel
	 */
	void holdMembers(String channel) {
		this.memberGates.put(channel, new MemberGate());
	}

	/**
	 * Sends the members of a presence channel, then the announcements held back since
	 * {@link #holdMembers} that the members do not show yet; later announcements go out
	 * unless their version is one the members already show.
	 * @param channel the channel
	 * @param version the version the members reflect
	 * @param succeeded the {@code subscription_succeeded} message with the members
	 */
	void membersJoined(String channel, long version, String succeeded) {
		MemberGate gate = this.memberGates.get(channel);
		if (gate == null) {
			send(succeeded);
			return;
		}
		synchronized (gate) {
			send(succeeded);
			List<Held> held = gate.held;
			gate.held = null;
			gate.version = version;
			if (held != null) {
				for (Held announcement : held) {
					if (announcement.version() > version) {
						send(announcement.frame());
					}
				}
			}
		}
	}

	/**
	 * Stops holding or filtering the member announcements of a presence channel.
	 * @param channel the channel
	 */
	void forgetMembers(String channel) {
		this.memberGates.remove(channel);
	}

	/**
	 * Delivers a member announcement of a presence channel.
	 * @param channel the channel
	 * @param version the version of its change
	 * @param text the announcement
	 */
	void memberAnnouncement(String channel, long version, OutboundFrame frame) {
		MemberGate gate = this.memberGates.get(channel);
		if (gate == null) {
			return;
		}
		synchronized (gate) {
			List<Held> held = gate.held;
			if (held != null) {
				held.add(new Held(version, frame));
			}
			else if (version > gate.version) {
				send(frame);
			}
		}
	}

	/**
	 * The user the connection signed in as with {@code pusher:signin}.
	 * @return the user id, or {@code null}
	 */
	@Nullable String userId() {
		return this.userId;
	}

	void signedIn(@Nullable String userId) {
		this.userId = userId;
	}

	/**
	 * Records that the container closed the socket, before its subscriptions are removed:
	 * a subscription or sign-in that completes afterwards undoes itself.
	 */
	void markClosed() {
		this.closed = true;
	}

	boolean isClosed() {
		return this.closed;
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
	 * Sends a text frame without blocking: written now when the socket is free, queued
	 * otherwise; a socket whose queue overflows is closed with 4100.
	 * @param text the frame
	 * @return whether it was sent or queued
	 */
	boolean send(String text) {
		return send(OutboundFrame.of(text));
	}

	/**
	 * Sends a frame encoded once for all the sockets it goes to, as {@link #send(String)}
	 * sends text.
	 * @param frame the frame
	 * @return whether it was sent or queued
	 */
	boolean send(OutboundFrame frame) {
		return this.outbound.send(frame);
	}

	/**
	 * Closes the socket, once the frame being written, if any, is written; frames still
	 * queued are dropped.
	 * @param status the close status
	 */
	void close(CloseStatus status) {
		this.outbound.close(status);
	}

	/**
	 * Sends a last frame, such as the {@code pusher:error} that explains a close, then
	 * closes the socket once it is written (or after the close timeout, when the client
	 * does not read).
	 * @param text the last frame
	 * @param status the close status
	 */
	void sendAndClose(String text, CloseStatus status) {
		this.outbound.send(OutboundFrame.of(text));
		this.outbound.closeAfterQueued(status);
	}

	/**
	 * Its outbound side.
	 * @return the connection frames leave through
	 */
	StreamConnection outbound() {
		return this.outbound;
	}

	/** The member announcements of one presence channel. */
	private static final class MemberGate {

		/** The announcements held back until the members are known, or {@code null}. */
		private @Nullable List<Held> held = new ArrayList<>();

		private long version;

	}

	/**
	 * An announcement held back.
	 *
	 * @param version the version of its change
	 * @param text the announcement
	 */
	private record Held(long version, OutboundFrame frame) {
	}

}

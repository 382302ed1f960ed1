package io.wsstreams.connection;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.wsstreams.broker.StreamId;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.CloseCodes;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.session.StreamUser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * One client socket on one stream: its identity, its selected features and its bounded
 * outbound queue.
 *
 * <p>Threads: {@link #send} runs on any publishing thread and never blocks; it starts an
 * asynchronous write when none is in flight and otherwise queues the frame. Completions
 * arrive on container threads and start the next write. Inbound bookkeeping runs on the
 * container thread that reads the socket, one frame at a time. Pings and timeouts run on
 * the heartbeat thread; closes, and pings where the container only offers blocking ones,
 * run on the close executor.
 *
 * <p>An idle connection holds no queue: the deque is created when a frame must wait and
 * dropped when the queue drains, so idle connections cost only their fields.
 */
public final class StreamConnection {

	private static final Log logger = LogFactory.getLog(StreamConnection.class);

	/** What {@link #assemble} returns for a message over the frame size limit. */
	static final String TOO_BIG = new String("too big");

	/** How often a connection over its inbound rate is told so for frames without a ref. */
	private static final long RATE_NOTICE_INTERVAL_NANOS = 1_000_000_000L;

	private static final int DROPPED = 0;

	private static final int QUEUED = 1;

	private static final int WRITE_NOW = 2;

	private static final int PENDING = -1;

	private static final int OPEN = 0;

	private static final int CLOSING = 1;

	private static final int CLOSED = 2;

	private final String id;

	private final String stream;

	private final @Nullable StreamUser user;

	private final @Nullable String httpSessionId;

	private final Map<String, FeatureDefinition> features;

	private final List<String> featureNames;

	private final Instant connectedAt;

	private final ConnectionSettings settings;

	private final ConnectionCloser closer;

	private final StreamStatistics statistics;

	private FrameSink sink;

	// Inbound state, written by the reading container thread only.
	private volatile long lastReceivedNanos;

	private volatile long messagesIn;

	private double tokens;

	private long tokensAtNanos;

	private @Nullable StringBuilder partial;

	private long rateNoticeAtNanos;

	// Heartbeat state, heartbeat thread only.
	private long lastPingNanos;

	// Outbound state, guarded by this.
	private int state = PENDING;

	private boolean writing;

	private @Nullable ArrayDeque<OutboundFrame> queue;

	private long queuedBytes;

	private long messagesOut;

	private @Nullable CloseStatus pendingClose;

	private @Nullable Thread sendingThread;

	private @Nullable Map<String, Replay> replaying;

	private long writeSeq;

	private long sendingSeq;

	private long inlineSeq = -1;

	private boolean welcomeHeld;

	StreamConnection(String id, String stream, @Nullable StreamUser user,
			@Nullable String httpSessionId, Map<String, FeatureDefinition> features, ConnectionSettings settings,
			ConnectionCloser closer, Function<StreamConnection, FrameSink> sinks, StreamStatistics statistics) {
		this.id = id;
		this.statistics = statistics;
		this.stream = stream;
		this.user = user;
		this.httpSessionId = httpSessionId;
		this.features = features;
		this.featureNames = List.copyOf(features.keySet());
		this.connectedAt = Instant.now();
		this.settings = settings;
		this.closer = closer;
		long now = System.nanoTime();
		this.lastReceivedNanos = now;
		this.lastPingNanos = now;
		this.tokens = settings.inboundBurst();
		this.tokensAtNanos = now;
		this.rateNoticeAtNanos = now - RATE_NOTICE_INTERVAL_NANOS;
		this.sink = sinks.apply(this);
	}

	public String id() {
		return this.id;
	}

	public String stream() {
		return this.stream;
	}

	public @Nullable StreamUser user() {
		return this.user;
	}

	/**
	 * The id of the HTTP session the connection was opened with. Never log or expose it.
	 * @return the session id, or {@code null} for an anonymous connection
	 */
	@Nullable String httpSessionId() {
		return this.httpSessionId;
	}

	/**
	 * The selected features, in the order the client named them.
	 * @return the features by name
	 */
	public Map<String, FeatureDefinition> features() {
		return this.features;
	}

	/**
	 * The names of the selected features.
	 * @return the names
	 */
	public List<String> featureNames() {
		return this.featureNames;
	}

	public Instant connectedAt() {
		return this.connectedAt;
	}

	public long messagesIn() {
		return this.messagesIn;
	}

	public synchronized long messagesOut() {
		return this.messagesOut;
	}

	/**
	 * The bytes waiting in the outbound queue.
	 * @return the queued bytes
	 */
	public synchronized long queuedBytes() {
		return this.queuedBytes;
	}

	/**
	 * Whether the connection still accepts frames.
	 * @return {@code true} until a close starts
	 */
	public synchronized boolean isOpen() {
		return this.state == OPEN;
	}

	// ---- outbound ----

	/**
	 * Opens the connection for traffic with its first frame, so that no publication can
	 * overtake the welcome. Frames queue behind the welcome until {@link #release()}.
	 * @param welcome the welcome frame
	 */
	void open(OutboundFrame welcome) {
		synchronized (this) {
			if (this.state != PENDING) {
				return;
			}
			this.state = OPEN;
			// Hold the welcome back, as if a write were in flight, until release(): the
			// client must not see it before the connection has joined its topics.
			this.writing = true;
			this.welcomeHeld = true;
			offer(welcome);
		}
	}

	/**
	 * Starts writing the welcome and the frames queued behind it since {@link #open}, once
	 * the connection has joined its topics.
	 */
	void release() {
		OutboundFrame first;
		synchronized (this) {
			if (!this.welcomeHeld) {
				return;
			}
			this.welcomeHeld = false;
			first = nextFrameOrIdle();
		}
		if (first != null) {
			write(first);
		}
	}

	/**
	 * Sends a frame without blocking: writes it now when the socket is idle, queues it
	 * otherwise, and closes the connection with 4509 when the queue would go over its
	 * limit.
	 * @param frame the frame
	 * @return {@code true} when the frame was written or queued
	 */
	public boolean send(OutboundFrame frame) {
		int outcome;
		synchronized (this) {
			outcome = offer(frame);
		}
		if (outcome == WRITE_NOW) {
			write(frame);
		}
		return outcome != DROPPED;
	}

	/**
	 * Queues a frame or claims the socket for it. Holds the lock.
	 * @return {@link #WRITE_NOW} when the caller must write it after releasing the lock,
	 * {@link #QUEUED} or {@link #DROPPED}
	 */
	private int offer(OutboundFrame frame) {
		if (this.state != OPEN) {
			return DROPPED;
		}
		if (!this.writing) {
			this.writing = true;
			this.messagesOut++;
			this.statistics.total().out(1, frame.bytes());
			return WRITE_NOW;
		}
		if (this.queuedBytes + frame.bytes() > this.settings.maxQueuedBytes()) {
			beginClose(CloseCodes.slowConsumer());
			return DROPPED;
		}
		ArrayDeque<OutboundFrame> pending = this.queue;
		if (pending == null) {
			pending = new ArrayDeque<>(8);
			this.queue = pending;
		}
		pending.add(frame);
		this.queuedBytes += frame.bytes();
		this.messagesOut++;
		this.statistics.total().out(1, frame.bytes());
		return QUEUED;
	}

	/**
	 * Delivers a live entry of a {@code streams} topic, holding it back while the topic's
	 * replay is still being sent.
	 * @param topic the topic
	 * @param id the entry's id
	 * @param frame the entry's frame
	 * @return {@code true} when sent, queued or held
	 */
	public boolean sendLogged(String topic, StreamId id, OutboundFrame frame) {
		int outcome;
		synchronized (this) {
			Map<String, Replay> replays = this.replaying;
			Replay replay = (replays != null) ? replays.get(topic) : null;
			if (replay != null) {
				if (this.state != OPEN) {
					return false;
				}
				if (replay.held != null) {
					replay.held.add(new HeldEntry(id, frame));
					return true;
				}
				if (id.compareTo(replay.replayedUpTo) <= 0) {
					// Already sent by the replay: a delivery that was under way as the
					// connection joined can reach it after the replay ended.
					return false;
				}
				// Deliveries come in id order: nothing older than this one follows.
				endDeduplication(topic);
			}
			outcome = offer(frame);
		}
		if (outcome == WRITE_NOW) {
			write(frame);
		}
		return outcome != DROPPED;
	}

	/**
	 * Starts holding back live entries of a topic, before subscribing to it and reading
	 * its replay.
	 * @param topic the topic
	 */
	public synchronized void beginReplay(String topic) {
		if (this.replaying == null) {
			this.replaying = new HashMap<>(4);
		}
		this.replaying.put(topic, new Replay());
	}

	/**
	 * Ends a topic's replay: sends the held-back entries newer than what the replay
	 * covered, in order, and drops later deliveries of entries it covered until a newer
	 * one arrives.
	 * @param topic the topic
	 * @param replayedUpTo the newest id the replay covered, or {@code null} for none
	 */
	public void endReplay(String topic, @Nullable StreamId replayedUpTo) {
		OutboundFrame first = null;
		synchronized (this) {
			Replay replay = (this.replaying != null) ? this.replaying.get(topic) : null;
			if (replay == null || replay.held == null) {
				return;
			}
			List<HeldEntry> held = replay.held;
			replay.held = null;
			replay.replayedUpTo = replayedUpTo;
			for (HeldEntry entry : held) {
				if (replayedUpTo == null || entry.id().compareTo(replayedUpTo) > 0) {
					replay.replayedUpTo = null;
					if (offer(entry.frame()) == WRITE_NOW) {
						first = entry.frame();
					}
				}
			}
			if (replay.replayedUpTo == null) {
				endDeduplication(topic);
			}
		}
		if (first != null) {
			write(first);
		}
	}

	/** Holds the lock. */
	private void endDeduplication(String topic) {
		Map<String, Replay> replays = this.replaying;
		if (replays != null) {
			replays.remove(topic);
			if (replays.isEmpty()) {
				this.replaying = null;
			}
		}
	}

	/**
	 * Writes frames until one completes asynchronously. A container that completes a
	 * write on the calling thread re-enters {@link #onSendComplete}; that call only flags
	 * the completion so that this loop, not the stack, carries on.
	 */
	private void write(OutboundFrame first) {
		OutboundFrame frame = first;
		while (frame != null) {
			long seq;
			synchronized (this) {
				seq = ++this.writeSeq;
				this.sendingThread = Thread.currentThread();
				this.sendingSeq = seq;
			}
			try {
				this.sink.sendText(frame.text());
			}
			catch (RuntimeException ex) {
				onSendFailed(ex);
				return;
			}
			synchronized (this) {
				if (this.sendingSeq == seq) {
					this.sendingThread = null;
				}
				// Only this write's own inline completion lets this loop go on; a later write
				// started by a completion on another thread carries on by itself.
				if (this.inlineSeq != seq) {
					return;
				}
				frame = nextFrameOrIdle();
			}
		}
	}

	/**
	 * Called by the sink when the write in flight completed.
	 * @param failure the failure, or {@code null} on success
	 */
	void onSendComplete(@Nullable Throwable failure) {
		if (failure != null) {
			onSendFailed(failure);
			return;
		}
		OutboundFrame next;
		synchronized (this) {
			if (this.sendingThread == Thread.currentThread()) {
				this.inlineSeq = this.sendingSeq;
				return;
			}
			next = nextFrameOrIdle();
		}
		if (next != null) {
			write(next);
		}
	}

	/** Takes the next frame, or marks the socket idle; runs a deferred close. Holds the lock. */
	private @Nullable OutboundFrame nextFrameOrIdle() {
		if (this.state != OPEN) {
			this.writing = false;
			CloseStatus close = this.pendingClose;
			if (close != null) {
				this.pendingClose = null;
				this.writing = true;
				this.closer.close(this, close);
			}
			return null;
		}
		ArrayDeque<OutboundFrame> pending = this.queue;
		OutboundFrame next = (pending != null) ? pending.poll() : null;
		if (next == null) {
			this.queue = null;
			this.writing = false;
			return null;
		}
		this.queuedBytes -= next.bytes();
		return next;
	}

	/**
	 * Ends a connection whose write failed, with 1011 when it is still open. A failure
	 * of the socket itself (the peer vanished) is routine and logged at DEBUG; any other
	 * failure means a frame could not be sent at all, which must never happen silently:
	 * WARN, without the frame's text, which may hold anything a user wrote.
	 */
	private void onSendFailed(Throwable failure) {
		boolean io = isInputOutput(failure);
		this.statistics.writeFailed(io);
		if (!io) {
			logger.warn("Write failed on connection " + this.id + " of stream " + this.stream + ", closing it: "
					+ failure.getClass().getName());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Write failed on connection " + this.id + ": " + failure.getClass().getName());
		}
		synchronized (this) {
			this.sendingThread = null;
			this.queue = null;
			this.queuedBytes = 0;
			this.writing = false;
			if (this.state == OPEN) {
				this.state = CLOSING;
			}
			this.pendingClose = null;
		}
		this.closer.close(this, CloseStatus.SERVER_ERROR);
	}

	private static boolean isInputOutput(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.io.IOException && !(cause instanceof java.nio.charset.CharacterCodingException)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * Starts closing: drops queued frames and sends the close frame once the write in
	 * flight, if any, completes. Does nothing when a close already started.
	 * @param status the close status
	 */
	public void close(CloseStatus status) {
		synchronized (this) {
			if (this.state != OPEN && this.state != PENDING) {
				return;
			}
			beginClose(status);
		}
	}

	/** Holds the lock. */
	private void beginClose(CloseStatus status) {
		this.state = CLOSING;
		this.queue = null;
		this.queuedBytes = 0;
		if (this.welcomeHeld) {
			// Nothing is in flight while the welcome is held back.
			this.welcomeHeld = false;
			this.closer.close(this, status);
		}
		else if (this.writing) {
			this.pendingClose = status;
			this.closer.closeLater(this, status);
		}
		else {
			this.writing = true;
			this.closer.close(this, status);
		}
	}

	/**
	 * Called by the close executor with the close it is about to perform.
	 * @return the sink to close
	 */
	FrameSink sink() {
		return this.sink;
	}

	/** Marks the connection closed once the container reports the socket closed. */
	synchronized void markClosed() {
		this.state = CLOSED;
		this.queue = null;
		this.queuedBytes = 0;
		this.pendingClose = null;
	}

	/**
	 * Whether a deferred close is still waiting for a write that does not complete.
	 * @return {@code true} when the close must be forced
	 */
	synchronized boolean isCloseStuck() {
		return this.state == CLOSING && this.pendingClose != null;
	}

	synchronized @Nullable CloseStatus takePendingClose() {
		CloseStatus status = this.pendingClose;
		this.pendingClose = null;
		return status;
	}

	// ---- heartbeat ----

	/**
	 * Sends a protocol ping when one is due and the socket is idle.
	 * @param now the current {@link System#nanoTime()}
	 * @param intervalNanos the ping interval
	 */
	void pingIfDue(long now, long intervalNanos) {
		if (now - this.lastPingNanos < intervalNanos) {
			return;
		}
		synchronized (this) {
			if (this.state != OPEN || this.writing) {
				// A write in flight already exercises the socket; ping next round.
				return;
			}
			this.writing = true;
		}
		this.lastPingNanos = now;
		if (this.sink.pingBlocks()) {
			// A blocking ping to a peer that stopped reading would hold the heartbeat thread.
			this.closer.execute(this::ping);
		}
		else {
			ping();
		}
	}

	private void ping() {
		try {
			this.sink.sendPing();
		}
		finally {
			OutboundFrame next;
			synchronized (this) {
				next = nextFrameOrIdle();
			}
			if (next != null) {
				write(next);
			}
		}
	}

	/**
	 * Whether nothing arrived from the client within the timeout.
	 * @param now the current {@link System#nanoTime()}
	 * @param timeoutNanos the heartbeat timeout
	 * @return {@code true} when the connection timed out
	 */
	boolean isSilentSince(long now, long timeoutNanos) {
		return now - this.lastReceivedNanos > timeoutNanos;
	}

	long lastReceivedNanos() {
		return this.lastReceivedNanos;
	}

	// ---- inbound ----

	/** Records that the client sent something (a frame or a pong). */
	void received() {
		this.lastReceivedNanos = System.nanoTime();
	}

	/** Counts a complete inbound message. */
	void countIn() {
		this.messagesIn++;
	}

	/**
	 * Takes a token from the inbound rate bucket.
	 * @return {@code false} when the connection is over its rate
	 */
	boolean tryAcquireInbound() {
		long now = System.nanoTime();
		double refill = (now - this.tokensAtNanos) * this.settings.inboundRate() / 1_000_000_000d;
		this.tokensAtNanos = now;
		this.tokens = Math.min(this.settings.inboundBurst(), this.tokens + refill);
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

	/**
	 * Whether a frame without a {@code ref} that went over the inbound rate should be
	 * answered: once a second at most.
	 * @return {@code true} when the notice is due, which resets the interval
	 */
	boolean rateLimitNoticeDue() {
		long now = System.nanoTime();
		if (now - this.rateNoticeAtNanos < RATE_NOTICE_INTERVAL_NANOS) {
			return false;
		}
		this.rateNoticeAtNanos = now;
		return true;
	}

	/**
	 * Appends a part of a fragmented text message.
	 * @param part the part
	 * @param last whether it completes the message
	 * @return the whole message when {@code last}, else {@code null}; {@link #TOO_BIG}
	 * (compared by identity) when the message went over the frame size limit
	 */
	@Nullable String assemble(String part, boolean last) {
		StringBuilder buffer = this.partial;
		if (buffer == null) {
			if (last) {
				return withinLimit(part) ? part : TOO_BIG;
			}
			buffer = new StringBuilder(Math.max(part.length() * 2, 1024));
			this.partial = buffer;
		}
		buffer.append(part);
		if (!withinLimit(buffer)) {
			this.partial = null;
			return TOO_BIG;
		}
		if (!last) {
			return null;
		}
		this.partial = null;
		return buffer.toString();
	}

	private boolean withinLimit(CharSequence text) {
		int max = this.settings.maxFrameBytes();
		// Cheap bounds first: a UTF-8 character takes 1 to 3 bytes per char.
		if (text.length() > max) {
			return false;
		}
		if (text.length() * 3L <= max) {
			return true;
		}
		return OutboundFrame.utf8Length(text) <= max;
	}

	@Override
	public String toString() {
		return "StreamConnection[" + this.id + " on " + this.stream + "]";
	}

	private record HeldEntry(StreamId id, OutboundFrame frame) {
	}

	/**
	 * A topic's join in progress: first the live entries held back while the replay is
	 * sent, then the newest id the replay covered, until a newer entry arrives.
	 */
	private static final class Replay {

		private @Nullable List<HeldEntry> held = new ArrayList<>();

		private @Nullable StreamId replayedUpTo;

	}

}

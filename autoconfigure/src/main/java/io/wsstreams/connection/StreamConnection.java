package io.wsstreams.connection;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.wsstreams.StreamUser;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.CloseCodes;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * One client socket on one stream: its identity, its selected features, its bounded
 * outbound queue with the write loop and close state machine, its {@link InboundGate} and,
 * while it joins {@code streams} topics, its {@link ReplayHold}.
 *
 * <p>Threads: {@link #send} runs on any publishing thread and never blocks; it starts an
 * asynchronous write when none is in flight and otherwise queues the frame. Completions
 * arrive on container threads and hand the next write to the close executor's writing
 * threads, so that queues never hold container threads. No write starts once the
 * container closes the socket on its own, as when it answers the peer's close frame. Inbound bookkeeping runs on the
 * container thread that reads the socket, one message at a time. Pings and timeouts run
 * on the heartbeat thread; closes, and pings where the container only offers blocking
 * ones, run on the close executor.
 *
 * <p>One write at a time, of one frame or, where the sink writes several at once, of the
 * frames that waited in the queue. A protocol ping that falls due while a frame is being written
 * goes out right after it, ahead of the queue, so that a client that only receives, and
 * answers pings, is never taken for a silent one however busy its socket is.
 *
 * <p>An idle connection holds no queue: the deque is created when a frame must wait and
 * dropped when the queue drains, so idle connections cost only their fields.
 */
public final class StreamConnection {

	private static final Log logger = LogFactory.getLog(StreamConnection.class);

	/**
	 * The most bytes a write of several queued frames takes at once, beyond its first
	 * frame: frames in flight do not count against the queue's limit.
	 */
	static final int MAX_BATCH_BYTES = 64 * 1024;

	private final String id;

	private final String stream;

	private final @Nullable StreamUser user;

	private volatile @Nullable Principal principal;

	private volatile @Nullable Instant expiresAt;

	private final @Nullable String httpSessionId;

	private final Map<String, FeatureDefinition> features;

	private final List<String> featureNames;

	private final Instant connectedAt;

	private final ConnectionSettings settings;

	private final ConnectionCloser closer;

	private final StreamStatistics statistics;

	private final InboundGate inbound;

	private final FrameSink sink;

	private final CloseStatus slowConsumer;

	// Heartbeat state: written by the heartbeat thread and by the thread that sends a ping.
	private volatile long lastPingNanos;

	// Outbound state, guarded by this.
	private State state = State.PENDING;

	/** Whether the socket is claimed: a write or ping in flight, or the welcome held back. */
	private boolean writing;

	private boolean welcomeHeld;

	private boolean pingWanted;

	private @Nullable ArrayDeque<OutboundFrame> queue;

	private long queuedBytes;

	private long messagesOut;

	private @Nullable CloseStatus pendingClose;

	/** A close that waits until the frames queued before it are written. */
	private @Nullable CloseStatus closeWhenWritten;

	private @Nullable ReplayHold replays;

	/** The frame {@link #advance()} took for writing. */
	private @Nullable OutboundFrame current;

	/**
	 * The frames {@link #advance()} took for one write, {@link #current} first, when the
	 * sink writes several at once and more than one waited.
	 */
	private @Nullable List<OutboundFrame> batch;

	private @Nullable Thread sendingThread;

	private long writeSeq;

	private long sendingSeq;

	private long inlineSeq = -1;

	StreamConnection(String id, String stream, @Nullable StreamUser user, @Nullable String httpSessionId,
			Map<String, FeatureDefinition> features, ConnectionSettings settings, ConnectionCloser closer,
			Function<StreamConnection, FrameSink> sinks, StreamStatistics statistics) {
		this(id, stream, user, httpSessionId, features, settings, closer, sinks, statistics,
				CloseCodes.slowConsumer());
	}

	/**
	 * Creates a connection.
	 * @param slowConsumer the close status of a connection whose queue overflows
	 */
	StreamConnection(String id, String stream, @Nullable StreamUser user, @Nullable String httpSessionId,
			Map<String, FeatureDefinition> features, ConnectionSettings settings, ConnectionCloser closer,
			Function<StreamConnection, FrameSink> sinks, StreamStatistics statistics, CloseStatus slowConsumer) {
		this.id = id;
		this.slowConsumer = slowConsumer;
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
		this.lastPingNanos = now - firstPingAdvance(settings.heartbeatInterval().toNanos());
		this.inbound = new InboundGate(settings.maxFrameBytes(), settings.inboundRate(), settings.inboundBurst(), now);
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
	 * The principal that authenticated the handshake, for handler parameters and the
	 * handler thread's security context.
	 * @return the principal, or {@code null}
	 */
	public @Nullable Principal principal() {
		return this.principal;
	}

	/**
	 * When the credentials of this connection expire, for a connection without a session
	 * that a bearer token authenticated.
	 * @return the expiry, or {@code null} when unknown or not applicable
	 */
	public @Nullable Instant expiresAt() {
		return this.expiresAt;
	}

	void authenticated(@Nullable Principal principal, @Nullable Instant expiresAt) {
		this.principal = principal;
		this.expiresAt = expiresAt;
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
		return this.inbound.messages();
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
		return this.state == State.OPEN;
	}

	/**
	 * What the connection lets in.
	 * @return its inbound gate, for the reading container thread
	 */
	InboundGate inbound() {
		return this.inbound;
	}

	// ---- outbound ----

	/**
	 * Opens the connection for traffic with its first frame, so that no publication can
	 * overtake the welcome. Frames queue behind the welcome until {@link #release()}.
	 * @param welcome the welcome frame
	 */
	void open(OutboundFrame welcome) {
		synchronized (this) {
			if (this.state != State.PENDING) {
				return;
			}
			this.state = State.OPEN;
			// Hold the welcome back, as if a write were in flight, until release(): the
			// client must not see it before the connection has joined its topics.
			this.writing = true;
			this.welcomeHeld = true;
			offer(welcome);
		}
	}

	/**
	 * Opens the connection for traffic without a welcome frame, for a socket whose
	 * protocol sends its first frame like any other.
	 */
	synchronized void openNow() {
		if (this.state == State.PENDING) {
			this.state = State.OPEN;
		}
	}

	/**
	 * Starts writing the welcome and the frames queued behind it since {@link #open}, once
	 * the connection has joined its topics.
	 */
	void release() {
		Step step;
		OutboundFrame frame;
		synchronized (this) {
			if (!this.welcomeHeld) {
				return;
			}
			this.welcomeHeld = false;
			step = advance();
			frame = this.current;
		}
		proceed(step, frame);
	}

	/**
	 * Sends a frame without blocking: writes it now when the socket is idle, queues it
	 * otherwise, and closes the connection with 4509 (or the status it was created with)
	 * when the queue would go over its limit.
	 * @param frame the frame
	 * @return {@code true} when the frame was written or queued
	 */
	public boolean send(OutboundFrame frame) {
		Offer outcome;
		synchronized (this) {
			outcome = offer(frame);
		}
		if (outcome == Offer.WRITE_NOW) {
			write(frame);
		}
		return outcome != Offer.DROPPED;
	}

	/**
	 * Queues a frame or claims the socket for it. Holds the lock.
	 * @return {@link Offer#WRITE_NOW} when the caller must write it after releasing the
	 * lock
	 */
	private Offer offer(OutboundFrame frame) {
		if (this.state != State.OPEN || this.closeWhenWritten != null || abandonedToContainer()) {
			return Offer.DROPPED;
		}
		if (!this.writing) {
			this.writing = true;
			this.messagesOut++;
			this.statistics.total().out(1, frame.bytes());
			return Offer.WRITE_NOW;
		}
		if (this.queuedBytes + frame.bytes() > this.settings.maxQueuedBytes()) {
			beginClose(this.slowConsumer);
			return Offer.DROPPED;
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
		return Offer.QUEUED;
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
		Offer outcome;
		synchronized (this) {
			ReplayHold hold = this.replays;
			if (hold != null) {
				if (this.state != State.OPEN) {
					return false;
				}
				ReplayHold.Verdict verdict = hold.offer(topic, id, frame);
				if (verdict != ReplayHold.Verdict.SEND) {
					return verdict == ReplayHold.Verdict.HELD;
				}
				if (hold.isEmpty()) {
					this.replays = null;
				}
			}
			outcome = offer(frame);
		}
		if (outcome == Offer.WRITE_NOW) {
			write(frame);
		}
		return outcome != Offer.DROPPED;
	}

	/**
	 * Starts holding back live entries of a topic, before subscribing to it and reading
	 * its replay.
	 * @param topic the topic
	 */
	public synchronized void beginReplay(String topic) {
		if (this.replays == null) {
			this.replays = new ReplayHold();
		}
		this.replays.begin(topic);
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
			ReplayHold hold = this.replays;
			if (hold == null) {
				return;
			}
			for (OutboundFrame frame : hold.end(topic, replayedUpTo)) {
				if (offer(frame) == Offer.WRITE_NOW) {
					first = frame;
				}
			}
			if (hold.isEmpty()) {
				this.replays = null;
			}
		}
		if (first != null) {
			write(first);
		}
	}

	/**
	 * Writes frames until one completes asynchronously. A container that completes a
	 * write on the calling thread re-enters {@link #onSendComplete}; that call only flags
	 * the completion so that this loop, not the stack, carries on.
	 */
	private void write(OutboundFrame first) {
		OutboundFrame frame = first;
		while (true) {
			long seq;
			List<OutboundFrame> frames;
			synchronized (this) {
				if (this.state != State.OPEN || abandonedToContainer()) {
					// Closed while the frame waited for a writing thread: drop it.
					advance();
					return;
				}
				seq = ++this.writeSeq;
				this.sendingThread = Thread.currentThread();
				this.sendingSeq = seq;
				frames = this.batch;
				this.batch = null;
			}
			try {
				if (frames != null && frames.get(0) == frame) {
					this.sink.sendAll(frames);
				}
				else {
					this.sink.send(frame);
				}
			}
			catch (RuntimeException ex) {
				onSendFailed(ex);
				return;
			}
			Step step;
			synchronized (this) {
				if (this.sendingSeq == seq) {
					this.sendingThread = null;
				}
				// Only this write's own inline completion lets this loop go on; a later write
				// started by a completion on another thread carries on by itself.
				if (this.inlineSeq != seq) {
					return;
				}
				step = advance();
				frame = this.current;
			}
			if (step != Step.WRITE) {
				proceed(step, frame);
				return;
			}
		}
	}

	/**
	 * Called by the sink when the write in flight completed. A completion on a thread
	 * other than the writing one is the container's: the next frame is written on the
	 * close executor's writing threads, so that queues never hold container threads.
	 * @param failure the failure, or {@code null} on success
	 */
	void onSendComplete(@Nullable Throwable failure) {
		if (failure != null) {
			onSendFailed(failure);
			return;
		}
		Step step;
		OutboundFrame frame;
		synchronized (this) {
			if (this.sendingThread == Thread.currentThread()) {
				this.inlineSeq = this.sendingSeq;
				return;
			}
			step = advance();
			frame = this.current;
		}
		if (step == Step.WRITE && frame != null) {
			this.closer.continueWriting(() -> write(frame));
		}
		else {
			proceed(step, frame);
		}
	}

	/** Carries on with what {@link #advance()} decided, outside the lock. */
	private void proceed(Step step, @Nullable OutboundFrame frame) {
		if (step == Step.WRITE && frame != null) {
			write(frame);
		}
		else if (step == Step.PING) {
			startPing();
		}
	}

	/**
	 * Decides what the socket does next, once it is free: a wanted ping, the next queued
	 * frame (left in {@link #current}, with the frames written along with it in
	 * {@link #batch}), or nothing; runs a deferred close. Holds the lock.
	 */
	private Step advance() {
		this.current = null;
		this.batch = null;
		if (this.state != State.OPEN || abandonedToContainer()) {
			this.writing = false;
			CloseStatus close = this.pendingClose;
			if (close != null) {
				this.pendingClose = null;
				this.writing = true;
				this.closer.close(this, close);
			}
			return Step.IDLE;
		}
		if (this.pingWanted) {
			this.pingWanted = false;
			return Step.PING;
		}
		ArrayDeque<OutboundFrame> pending = this.queue;
		OutboundFrame next = (pending != null) ? pending.poll() : null;
		if (next == null) {
			this.queue = null;
			CloseStatus last = this.closeWhenWritten;
			if (last != null) {
				this.closeWhenWritten = null;
				this.state = State.CLOSING;
				this.closer.close(this, last);
				return Step.IDLE;
			}
			this.writing = false;
			return Step.IDLE;
		}
		this.queuedBytes -= next.bytes();
		this.current = next;
		int limit = this.sink.batchLimit();
		if (limit > 1 && !pending.isEmpty()) {
			this.batch = takeBatch(next, pending, limit);
		}
		return Step.WRITE;
	}

	/**
	 * Takes the frames that follow the next one off the queue, up to the sink's limit and
	 * {@link #MAX_BATCH_BYTES}. Holds the lock.
	 */
	private List<OutboundFrame> takeBatch(OutboundFrame next, ArrayDeque<OutboundFrame> pending, int limit) {
		List<OutboundFrame> frames = new ArrayList<>(Math.min(limit, pending.size() + 1));
		frames.add(next);
		long bytes = 0;
		OutboundFrame following = pending.peek();
		while (following != null && frames.size() < limit && bytes + following.bytes() <= MAX_BATCH_BYTES) {
			pending.poll();
			frames.add(following);
			bytes += following.bytes();
			this.queuedBytes -= following.bytes();
			following = pending.peek();
		}
		return frames;
	}

	/**
	 * Leaves the socket to the container when the container is closing it on its own, as
	 * when it answers a close frame from the peer: drops the queue and takes no more
	 * frames, so that the answer waits for the frame in flight only. Holds the lock.
	 * @return {@code true} when the connection was open and is now closing
	 */
	private boolean abandonedToContainer() {
		if (this.state != State.OPEN || !this.sink.isClosing()) {
			return false;
		}
		this.state = State.CLOSING;
		this.queue = null;
		this.queuedBytes = 0;
		this.pingWanted = false;
		return true;
	}

	/**
	 * Ends a connection whose write failed, with 1011 when it is still open. A failure
	 * of the socket itself (the peer vanished, or the container closed the socket as the
	 * write began) is routine and logged at DEBUG; any other failure means a frame could
	 * not be sent at all, which must never happen silently: WARN, without the frame's
	 * text, which may hold anything a user wrote.
	 */
	private void onSendFailed(Throwable failure) {
		boolean io = isInputOutput(failure) || !this.sink.isOpen() || this.sink.isClosing();
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
			this.pingWanted = false;
			if (this.state == State.OPEN) {
				this.state = State.CLOSING;
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
			if (this.state != State.OPEN && this.state != State.PENDING) {
				return;
			}
			beginClose(status);
		}
	}

	/**
	 * Closes once the frames already sent or queued are written, as a protocol that
	 * explains a close in a frame before it needs: takes no more frames meanwhile. A peer
	 * that does not read them within the close timeout is closed all the same.
	 * @param status the close status
	 */
	public void closeAfterQueued(CloseStatus status) {
		synchronized (this) {
			if (this.state != State.OPEN || this.closeWhenWritten != null) {
				return;
			}
			if (!this.writing) {
				beginClose(status);
				return;
			}
			this.closeWhenWritten = status;
		}
		this.closer.afterCloseTimeout(() -> close(status));
	}

	/** Holds the lock. */
	private void beginClose(CloseStatus status) {
		this.closeWhenWritten = null;
		this.state = State.CLOSING;
		this.queue = null;
		this.queuedBytes = 0;
		this.pingWanted = false;
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
		this.state = State.CLOSED;
		this.queue = null;
		this.queuedBytes = 0;
		this.pendingClose = null;
		this.closeWhenWritten = null;
		this.pingWanted = false;
	}

	/**
	 * Whether a deferred close is still waiting for a write that does not complete.
	 * @return {@code true} when the close must be forced
	 */
	synchronized boolean isCloseStuck() {
		return this.state == State.CLOSING && this.pendingClose != null;
	}

	synchronized @Nullable CloseStatus takePendingClose() {
		CloseStatus status = this.pendingClose;
		this.pendingClose = null;
		return status;
	}

	// ---- heartbeat ----

	/**
	 * How much sooner than a whole interval after the open the first ping is due: a random
	 * part of half the interval, so that connections that opened together (after a deploy,
	 * or when a network came back) do not ping together, every interval, for as long as they
	 * stay open. A thousand pings and their pongs at once cost a server on one core as much
	 * as a few thousand deliveries, which then wait.
	 * @param intervalNanos the ping interval
	 * @return the advance, from 0 to half the interval
	 */
	static long firstPingAdvance(long intervalNanos) {
		return ThreadLocalRandom.current().nextLong(Math.max(intervalNanos, 0) / 2 + 1);
	}

	/**
	 * Sends a protocol ping when one is due: now when the socket is idle, right after the
	 * write in flight otherwise.
	 * @param now the current {@link System#nanoTime()}
	 * @param intervalNanos the ping interval
	 */
	void pingIfDue(long now, long intervalNanos) {
		if (now - this.lastPingNanos < intervalNanos) {
			return;
		}
		synchronized (this) {
			if (this.state != State.OPEN || this.welcomeHeld || abandonedToContainer()) {
				return;
			}
			if (this.writing) {
				this.pingWanted = true;
				return;
			}
			this.writing = true;
		}
		startPing();
	}

	/** Sends a ping on the socket this thread claimed. */
	private void startPing() {
		this.lastPingNanos = System.nanoTime();
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
			Step step;
			OutboundFrame frame;
			synchronized (this) {
				step = advance();
				frame = this.current;
			}
			proceed(step, frame);
		}
	}

	/**
	 * Whether nothing arrived from the client within the timeout.
	 * @param now the current {@link System#nanoTime()}
	 * @param timeoutNanos the heartbeat timeout
	 * @return {@code true} when the connection timed out
	 */
	boolean isSilentSince(long now, long timeoutNanos) {
		return now - this.inbound.lastReceivedNanos() > timeoutNanos;
	}

	long lastReceivedNanos() {
		return this.inbound.lastReceivedNanos();
	}

	@Override
	public String toString() {
		return "StreamConnection[" + this.id + " on " + this.stream + "]";
	}

	/** The life of a connection. */
	private enum State {

		/** Registered, not yet welcomed. */
		PENDING,

		/** Welcomed: takes frames. */
		OPEN,

		/** A close started: takes no more frames. */
		CLOSING,

		/** The container reported the socket closed. */
		CLOSED

	}

	/** What became of a frame offered to the queue. */
	private enum Offer {

		/** Not taken: the connection is closing, or the queue went over its limit. */
		DROPPED,

		/** Queued behind the write in flight. */
		QUEUED,

		/** The socket was idle: the caller writes it now. */
		WRITE_NOW

	}

	/** What the socket does next, once free. */
	private enum Step {

		/** Write {@link #current}. */
		WRITE,

		/** Send a protocol ping. */
		PING,

		/** Nothing: the socket is idle, or a close took over. */
		IDLE

	}

}

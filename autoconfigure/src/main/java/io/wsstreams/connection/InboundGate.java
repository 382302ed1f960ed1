package io.wsstreams.connection;

import io.wsstreams.protocol.OutboundFrame;
import org.jspecify.annotations.Nullable;

/**
 * What a connection lets in: messages assembled from the container's parts within the
 * frame size limit, and an inbound rate as a token bucket, with one notice a second for
 * frames dropped over it.
 *
 * <p>Threads: the container thread that reads the connection's socket, one message at a
 * time; {@link #lastReceivedNanos()} is also read by the heartbeat and session sweeps.
 */
final class InboundGate {

	/** How often a connection over its inbound rate is told so for frames without a ref. */
	private static final long RATE_NOTICE_INTERVAL_NANOS = 1_000_000_000L;

	private final int maxFrameBytes;

	private final double rate;

	private final int burst;

	private volatile long lastReceivedNanos;

	private volatile long messages;

	private double tokens;

	private long tokensAtNanos;

	private long rateNoticeAtNanos;

	private @Nullable StringBuilder partial;

	InboundGate(int maxFrameBytes, double rate, int burst, long now) {
		this.maxFrameBytes = maxFrameBytes;
		this.rate = rate;
		this.burst = burst;
		this.lastReceivedNanos = now;
		this.tokens = burst;
		this.tokensAtNanos = now;
		this.rateNoticeAtNanos = now - RATE_NOTICE_INTERVAL_NANOS;
	}

	/** Records that the client sent something: a message, a part of one, or a pong. */
	void received() {
		this.lastReceivedNanos = System.nanoTime();
	}

	long lastReceivedNanos() {
		return this.lastReceivedNanos;
	}

	/** Counts a complete inbound message. */
	void counted() {
		this.messages++;
	}

	long messages() {
		return this.messages;
	}

	/**
	 * Takes a token from the inbound rate bucket.
	 * @return {@code false} when the connection is over its rate
	 */
	boolean tryAcquire() {
		long now = System.nanoTime();
		double refill = (now - this.tokensAtNanos) * this.rate / 1_000_000_000d;
		this.tokensAtNanos = now;
		this.tokens = Math.min(this.burst, this.tokens + refill);
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

	/**
	 * Whether a frame without a {@code ref} that went over the inbound rate should be
	 * answered: once a second at most.
	 * @return {@code true} when the notice is due, which starts the next second
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
	 * Adds a part of a text message.
	 * @param part the part
	 * @param last whether it completes the message
	 * @return the whole message, that more parts are to come, or that the message went
	 * over the frame size limit
	 */
	Assembly assemble(String part, boolean last) {
		StringBuilder buffer = this.partial;
		if (buffer == null) {
			if (last) {
				return withinLimit(part) ? new Assembly.Complete(part) : Assembly.TooBig.INSTANCE;
			}
			buffer = new StringBuilder(Math.max(part.length() * 2, 1024));
			this.partial = buffer;
		}
		buffer.append(part);
		if (!withinLimit(buffer)) {
			this.partial = null;
			return Assembly.TooBig.INSTANCE;
		}
		if (!last) {
			return Assembly.Partial.INSTANCE;
		}
		this.partial = null;
		return new Assembly.Complete(buffer.toString());
	}

	private boolean withinLimit(CharSequence text) {
		// Cheap bounds first: a UTF-8 character takes 1 to 3 bytes per char.
		if (text.length() > this.maxFrameBytes) {
			return false;
		}
		if (text.length() * 3L <= this.maxFrameBytes) {
			return true;
		}
		return OutboundFrame.utf8Length(text) <= this.maxFrameBytes;
	}

	/**
	 * What a part of a text message made.
	 */
	sealed interface Assembly {

		/**
		 * A whole message within the frame size limit.
		 *
		 * @param text the message
		 */
		record Complete(String text) implements Assembly {
		}

		/** More parts are to come. */
		enum Partial implements Assembly {

			INSTANCE

		}

		/** The message went over the frame size limit; its parts are dropped. */
		enum TooBig implements Assembly {

			INSTANCE

		}

	}

}

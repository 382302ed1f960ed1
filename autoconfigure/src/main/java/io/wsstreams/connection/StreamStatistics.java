package io.wsstreams.connection;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.wsstreams.protocol.ErrorCode;

/**
 * Traffic counters of this node, read by the actuator endpoint and the meters.
 *
 * <p>Counters are striped adders: publishing threads add a whole fan-out at once
 * (deliveries × frame size), never once per socket.
 */
public final class StreamStatistics {

	private final Instant startedAt = Instant.now();

	private final Traffic total = new Traffic();

	private final Map<String, Traffic> features = new ConcurrentHashMap<>();

	private final Map<ErrorCode, LongAdder> errors = new EnumMap<>(ErrorCode.class);

	private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

	private final LongAdder writeFailuresIo = new LongAdder();

	private final LongAdder writeFailuresOther = new LongAdder();

	public StreamStatistics() {
		for (ErrorCode code : ErrorCode.values()) {
			this.errors.put(code, new LongAdder());
		}
	}

	public Instant startedAt() {
		return this.startedAt;
	}

	/**
	 * All traffic of this node, protocol frames included.
	 * @return the totals
	 */
	public Traffic total() {
		return this.total;
	}

	/**
	 * The traffic of one feature's events and frames.
	 * @param feature the feature
	 * @return its counters
	 */
	public Traffic feature(String feature) {
		return this.features.computeIfAbsent(feature, (key) -> new Traffic());
	}

	/**
	 * A snapshot of the per-feature counters.
	 * @return the counters by feature, sorted by name
	 */
	public Map<String, Traffic> features() {
		return new TreeMap<>(this.features);
	}

	public void inbound(String feature, int bytes) {
		this.total.in(1, bytes);
		feature(feature).in(1, bytes);
	}

	public void inboundProtocol(int bytes) {
		this.total.in(1, bytes);
	}

	/**
	 * Counts a fan-out of a feature's frame; the totals are counted per frame by each
	 * connection.
	 * @param feature the feature
	 * @param deliveries how many connections took the frame
	 * @param bytes the bytes of all those deliveries
	 */
	public void outbound(String feature, int deliveries, long bytes) {
		feature(feature).out(deliveries, bytes);
	}

	public void error(ErrorCode code) {
		this.errors.get(code).increment();
	}

	/**
	 * Counts a write that failed, which ends its connection.
	 * @param io whether the socket failed (the peer vanished) rather than the frame
	 */
	public void writeFailed(boolean io) {
		(io ? this.writeFailuresIo : this.writeFailuresOther).increment();
	}

	/**
	 * Writes that failed because the socket did.
	 * @return the count
	 */
	public long writeFailuresIo() {
		return this.writeFailuresIo.sum();
	}

	/**
	 * Writes that failed for any other reason: a frame the container could not send.
	 * @return the count
	 */
	public long writeFailuresOther() {
		return this.writeFailuresOther.sum();
	}

	/**
	 * Counts a refused connection attempt.
	 * @param reason a short, fixed reason key such as {@code origin} or {@code session}
	 */
	public void rejected(String reason) {
		this.rejected.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	/**
	 * Errors answered, by code.
	 * @return the counts
	 */
	public Map<ErrorCode, Long> errors() {
		Map<ErrorCode, Long> counts = new EnumMap<>(ErrorCode.class);
		this.errors.forEach((code, count) -> counts.put(code, count.sum()));
		return counts;
	}

	/**
	 * Refused connection attempts, by reason.
	 * @return the counts, sorted by reason
	 */
	public Map<String, Long> rejected() {
		Map<String, Long> counts = new TreeMap<>();
		this.rejected.forEach((reason, count) -> counts.put(reason, count.sum()));
		return counts;
	}

	/**
	 * Message and byte counters in both directions.
	 */
	public static final class Traffic {

		private final LongAdder messagesIn = new LongAdder();

		private final LongAdder messagesOut = new LongAdder();

		private final LongAdder bytesIn = new LongAdder();

		private final LongAdder bytesOut = new LongAdder();

		void in(long messages, long bytes) {
			this.messagesIn.add(messages);
			this.bytesIn.add(bytes);
		}

		void out(long messages, long bytes) {
			this.messagesOut.add(messages);
			this.bytesOut.add(bytes);
		}

		public long messagesIn() {
			return this.messagesIn.sum();
		}

		public long messagesOut() {
			return this.messagesOut.sum();
		}

		public long bytesIn() {
			return this.bytesIn.sum();
		}

		public long bytesOut() {
			return this.bytesOut.sum();
		}

	}

}

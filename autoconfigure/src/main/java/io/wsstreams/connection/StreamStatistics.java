package io.wsstreams.connection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
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

	/**
	 * The tag of close codes that are not counted on their own, such as application codes
	 * a client closes with.
	 */
	public static final String OTHER_CLOSE_CODE = "other";

	/**
	 * The close codes counted on their own, sorted: the standard ones and those of the
	 * protocol. Any other code counts as {@link #OTHER_CLOSE_CODE}, so that clients cannot
	 * add tag values.
	 */
	private static final int[] CLOSE_CODES = { 1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011,
			1012, 1013, 1014, 1015, 4401, 4403, 4408, 4429, 4509 };

	private static final List<String> CLOSE_CODE_TAGS;

	static {
		List<String> tags = new ArrayList<>(CLOSE_CODES.length + 1);
		Arrays.stream(CLOSE_CODES).forEach((code) -> tags.add(Integer.toString(code)));
		tags.add(OTHER_CLOSE_CODE);
		CLOSE_CODE_TAGS = Collections.unmodifiableList(tags);
	}

	private final Instant startedAt = Instant.now();

	private final Traffic total = new Traffic();

	private final Map<String, Traffic> features = new ConcurrentHashMap<>();

	private final Map<ErrorCode, LongAdder> errors = new EnumMap<>(ErrorCode.class);

	private final LongAdder applicationErrors = new LongAdder();

	private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

	private final LongAdder writeFailuresIo = new LongAdder();

	private final LongAdder writeFailuresOther = new LongAdder();

	/** Closes by the index of their code in {@link #CLOSE_CODES}, others last. */
	private final LongAdder[] closes = new LongAdder[CLOSE_CODES.length + 1];

	public StreamStatistics() {
		for (ErrorCode code : ErrorCode.values()) {
			this.errors.put(code, new LongAdder());
		}
		Arrays.setAll(this.closes, (index) -> new LongAdder());
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
	 * Counts an error answered with an application's own code.
	 */
	public void applicationError() {
		this.applicationErrors.increment();
	}

	/**
	 * Errors answered with an application's own code.
	 * @return the count
	 */
	public long applicationErrors() {
		return this.applicationErrors.sum();
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
	 * Counts a closed WebSocket connection, including one closed right after the upgrade
	 * because its parameters, limits or authorization refused it.
	 * @param code the close code the container reports
	 */
	public void closed(int code) {
		int index = Arrays.binarySearch(CLOSE_CODES, code);
		this.closes[(index >= 0) ? index : CLOSE_CODES.length].increment();
	}

	/**
	 * The tags closes are counted under: every code counted on its own, in order, then
	 * {@link #OTHER_CLOSE_CODE}.
	 * @return the close code tags
	 */
	public static List<String> closeCodes() {
		return CLOSE_CODE_TAGS;
	}

	/**
	 * Closed connections with one close code.
	 * @param code a tag of {@link #closeCodes()}
	 * @return the count, 0 for a code that is not counted on its own
	 */
	public long closes(String code) {
		int index = CLOSE_CODE_TAGS.indexOf(code);
		return (index >= 0) ? this.closes[index].sum() : 0;
	}

	/**
	 * Closed connections, by close code.
	 * @return the counts in the order of {@link #closeCodes()}
	 */
	public Map<String, Long> closes() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (int i = 0; i < this.closes.length; i++) {
			counts.put(CLOSE_CODE_TAGS.get(i), this.closes[i].sum());
		}
		return counts;
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

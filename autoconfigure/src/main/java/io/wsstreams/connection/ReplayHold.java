package io.wsstreams.connection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.jspecify.annotations.Nullable;

/**
 * The {@code streams} topics a connection is joining, so that each entry reaches it
 * exactly once: live entries are held back while the topic's replay is read and sent,
 * then those the replay did not cover are released in order, and deliveries of entries
 * it covered that were already under way are dropped until a newer entry arrives.
 *
 * <p>Not thread-safe: its connection guards it with its own lock, since holding back and
 * sending must not interleave.
 */
final class ReplayHold {

	private final Map<String, Replay> replays = new HashMap<>(4);

	void begin(String topic) {
		this.replays.put(topic, new Replay());
	}

	boolean isEmpty() {
		return this.replays.isEmpty();
	}

	/**
	 * Decides what becomes of a live entry of a topic.
	 * @param topic the topic
	 * @param id the entry's id
	 * @param frame the entry's frame
	 * @return what to do with it
	 */
	Verdict offer(String topic, StreamId id, OutboundFrame frame) {
		Replay replay = this.replays.get(topic);
		if (replay == null) {
			return Verdict.SEND;
		}
		if (replay.held != null) {
			replay.held.add(new HeldEntry(id, frame));
			return Verdict.HELD;
		}
		if (replay.replayedUpTo != null && id.compareTo(replay.replayedUpTo) <= 0) {
			// Already sent by the replay: a delivery that was under way as the connection
			// joined can reach it after the replay ended.
			return Verdict.DUPLICATE;
		}
		// Deliveries come in id order: nothing older than this one follows.
		this.replays.remove(topic);
		return Verdict.SEND;
	}

	/**
	 * Ends a topic's replay.
	 * @param topic the topic
	 * @param replayedUpTo the newest id the replay covered, or {@code null} for none
	 * @return the held-back entries newer than that, in order, to send now
	 */
	List<OutboundFrame> end(String topic, @Nullable StreamId replayedUpTo) {
		Replay replay = this.replays.get(topic);
		if (replay == null || replay.held == null) {
			return List.of();
		}
		List<HeldEntry> held = replay.held;
		replay.held = null;
		replay.replayedUpTo = replayedUpTo;
		List<OutboundFrame> release = new ArrayList<>(held.size());
		for (HeldEntry entry : held) {
			if (replayedUpTo == null || entry.id().compareTo(replayedUpTo) > 0) {
				release.add(entry.frame());
			}
		}
		if (replayedUpTo == null || !release.isEmpty()) {
			// Newer entries went out: nothing the replay covered can follow.
			this.replays.remove(topic);
		}
		return release;
	}

	/** What becomes of a live entry. */
	enum Verdict {

		/** Send it now. */
		SEND,

		/** Held back until the replay ends. */
		HELD,

		/** The replay already sent it: drop it. */
		DUPLICATE

	}

	private record HeldEntry(StreamId id, OutboundFrame frame) {
	}

	private static final class Replay {

		private @Nullable List<HeldEntry> held = new ArrayList<>();

		private @Nullable StreamId replayedUpTo;

	}

}

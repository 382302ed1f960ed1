package io.wsstreams.broker;

import java.util.function.Function;

import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.jspecify.annotations.Nullable;

/**
 * The durable, replayable logs of {@code streams} topics.
 *
 * <p>An append assigns the entry's id, stores the entry, and only then delivers it to
 * the topic's subscribers on every node, through the {@link BrokerListener} as a
 * {@link TopicMessage} carrying the id, in id order per topic. Reads serve history on
 * join, resume after a reconnect and scrolling back.
 */
public interface StreamLog {

	/**
	 * Sets the listener that receives the appends delivered to this node. Called once,
	 * before any other method.
	 * @param listener the listener
	 */
	void start(BrokerListener listener);

	/**
	 * Appends a message.
	 * @param topic the topic
	 * @param feature the feature, for delivery bookkeeping
	 * @param retention how much of the log to keep
	 * @param timestamp the publication time in epoch milliseconds
	 * @param encoder encodes the event frame once the id is known
	 * @return the stored entry; returns only after the entry is stored
	 */
	LogEntry append(String topic, String feature, LogRetention retention, long timestamp,
			Function<StreamId, OutboundFrame> encoder);

	/**
	 * The newest entries of a topic.
	 * @param topic the topic
	 * @param count how many at most
	 * @param retention the topic's retention, applied before reading
	 * @return the entries, oldest first
	 */
	Replay latest(String topic, int count, LogRetention retention);

	/**
	 * The entries after a resume point.
	 * @param topic the topic
	 * @param after the last id the client has
	 * @param limit how many at most
	 * @param retention the topic's retention, applied before reading
	 * @return the entries, oldest first, and whether the client misses nothing
	 */
	Replay after(String topic, StreamId after, int limit, LogRetention retention);

	/**
	 * Entries before an id, for scrolling back.
	 * @param topic the topic
	 * @param before the id to page back from, or {@code null} for the newest
	 * @param limit how many at most
	 * @param retention the topic's retention, applied before reading
	 * @return the page
	 */
	HistoryPage before(String topic, @Nullable StreamId before, int limit, LogRetention retention);

	/**
	 * Starts delivering a topic's appends to this node, when a networked log needs to
	 * tail it.
	 * @param topic the topic
	 */
	default void subscribe(String topic) {
	}

	/**
	 * Stops delivering a topic's appends to this node.
	 * @param topic the topic
	 */
	default void unsubscribe(String topic) {
	}

}

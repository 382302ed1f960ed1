package io.wsstreams.broker.redis;

import java.util.List;
import java.util.function.Function;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.HistoryPage;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.LogRetention;
import io.wsstreams.broker.Replay;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.jspecify.annotations.Nullable;

/**
 * The logs of many nodes: one Redis Stream per topic, whose ids are the entries' ids.
 *
 * <p>An append runs one script that stores the entry (trimming the log approximately to
 * its retention by count and age, and making it expire once idle for its retention) and
 * publishes it on the topic's channel with the id of the entry before it, so that every
 * node receives a topic's entries in id order and can tell a gap. The entry's frame is
 * encoded once, around a placeholder id, and stored as the text before and after the id.
 *
 * <p>Reads apply the retention exactly, as a log trimmed on every read would: an entry
 * beyond the newest {@code maxCount}, or older than {@code maxAge}, is hidden even while
 * the approximate trimming still holds it. A resume is recovered when the log still holds
 * the client's id with nothing hidden after it, or when the id is that of the newest
 * hidden entry, as with the in-memory log.
 */
public final class RedisStreamLog implements StreamLog {

	private final RedisTopics topics;

	/**
	 * Creates a log.
	 * @param topics this node's Pub/Sub connection and delivery
	 */
	public RedisStreamLog(RedisTopics topics) {
		this.topics = topics;
	}

	@Override
	public void start(BrokerListener listener) {
		this.topics.listen(listener);
	}

	@Override
	public LogEntry append(String topic, String feature, LogRetention retention, long timestamp,
			Function<StreamId, OutboundFrame> encoder) {
		FrameTemplate frame = FrameTemplate.of(encoder);
		StreamId id = this.topics.logs().append(topic, feature, retention, frame);
		return new LogEntry(id, timestamp, frame.frame(id));
	}

	@Override
	public Replay latest(String topic, int count, LogRetention retention) {
		LogScripts.Read read = this.topics.logs()
			.read(topic, retention, "latest", Integer.toString(Math.max(0, count)));
		return new Replay(read.entries(), true, read.newest());
	}

	@Override
	public Replay after(String topic, StreamId after, int limit, LogRetention retention) {
		LogScripts.Read read = this.topics.logs()
			.read(topic, retention, "after", after.toString(), Integer.toString(Math.max(0, limit)));
		return new Replay(read.entries(), read.exists() && read.flag(), read.newest());
	}

	@Override
	public HistoryPage before(String topic, @Nullable StreamId before, int limit, LogRetention retention) {
		if (limit <= 0) {
			return new HistoryPage(List.of(), false);
		}
		LogScripts.Read read = this.topics.logs()
			.read(topic, retention, "before", (before != null) ? before.toString() : "", Integer.toString(limit));
		return new HistoryPage(read.entries(), read.flag());
	}

}

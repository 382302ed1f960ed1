package io.wsstreams.broker.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.HistoryPage;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.LogRetention;
import io.wsstreams.broker.Replay;
import io.wsstreams.broker.StreamId;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.protocol.OutboundFrame;
import org.jspecify.annotations.Nullable;

/**
 * The single-node log: one bounded deque per topic, trimmed by count and age.
 *
 * <p>An append assigns the id, stores the entry and delivers it while holding the
 * topic's lock, so deliveries leave in id order even with concurrent publishers;
 * delivery only enqueues on connections, so the lock is held briefly. Entries keep their
 * encoded frames, so history and resume never serialize again.
 */
public final class InMemoryStreamLog implements StreamLog {

	private final Map<String, TopicLog> topics = new ConcurrentHashMap<>();

	private static final long PURGE_INTERVAL_MILLIS = 60_000;

	private final AtomicLong nextPurge = new AtomicLong(System.currentTimeMillis() + PURGE_INTERVAL_MILLIS);

	private volatile @Nullable BrokerListener listener;

	@Override
	public void start(BrokerListener listener) {
		this.listener = listener;
	}

	@Override
	public LogEntry append(String topic, String feature, LogRetention retention, long timestamp,
			Function<StreamId, OutboundFrame> encoder) {
		BrokerListener target = this.listener;
		if (target == null) {
			throw new IllegalStateException("Log not started");
		}
		purgeIfDue(timestamp);
		TopicLog log = this.topics.computeIfAbsent(topic, (key) -> new TopicLog());
		synchronized (log) {
			log.retention = retention;
			StreamId id = StreamId.next(log.last, timestamp);
			LogEntry entry = new LogEntry(id, timestamp, encoder.apply(id));
			log.entries.addLast(entry);
			log.last = id;
			log.trim(retention, timestamp);
			target.onTopicMessage(new TopicMessage(topic, feature, entry.frame(), null, id));
			return entry;
		}
	}

	@Override
	public Replay latest(String topic, int count, LogRetention retention) {
		TopicLog log = this.topics.get(topic);
		if (log == null) {
			return new Replay(List.of(), true, null);
		}
		synchronized (log) {
			log.trim(retention, System.currentTimeMillis());
			List<LogEntry> entries = new ArrayList<>(log.entries);
			return new Replay(List.copyOf(entries.subList(Math.max(0, entries.size() - count), entries.size())), true,
					log.last);
		}
	}

	@Override
	public Replay after(String topic, StreamId after, int limit, LogRetention retention) {
		TopicLog log = this.topics.get(topic);
		if (log == null) {
			return new Replay(List.of(), false, null);
		}
		synchronized (log) {
			log.trim(retention, System.currentTimeMillis());
			boolean known = after.equals(log.last) || after.equals(log.lastTrimmed);
			List<LogEntry> entries = new ArrayList<>();
			for (LogEntry entry : log.entries) {
				int order = entry.id().compareTo(after);
				if (order == 0) {
					known = true;
				}
				else if (order > 0) {
					if (entries.size() == limit) {
						known = false;
						break;
					}
					entries.add(entry);
				}
			}
			return new Replay(List.copyOf(entries), known, log.last);
		}
	}

	@Override
	public HistoryPage before(String topic, @Nullable StreamId before, int limit, LogRetention retention) {
		TopicLog log = this.topics.get(topic);
		if (log == null || limit <= 0) {
			return new HistoryPage(List.of(), false);
		}
		synchronized (log) {
			log.trim(retention, System.currentTimeMillis());
			ArrayDeque<LogEntry> page = new ArrayDeque<>(limit);
			boolean more = false;
			Iterator<LogEntry> newestFirst = log.entries.descendingIterator();
			while (newestFirst.hasNext()) {
				LogEntry entry = newestFirst.next();
				if (before != null && entry.id().compareTo(before) >= 0) {
					continue;
				}
				if (page.size() == limit) {
					more = true;
					break;
				}
				page.addFirst(entry);
			}
			return new HistoryPage(List.copyOf(page), more);
		}
	}

	/**
	 * Trims every topic by age once a minute, driven by appends, so that topics nobody
	 * writes to or reads any more do not keep their entries.
	 */
	private void purgeIfDue(long now) {
		long due = this.nextPurge.get();
		if (now < due || !this.nextPurge.compareAndSet(due, now + PURGE_INTERVAL_MILLIS)) {
			return;
		}
		for (TopicLog log : this.topics.values()) {
			synchronized (log) {
				if (log.retention != null) {
					log.trim(log.retention, now);
				}
			}
		}
	}

	/**
	 * Forgets a topic's log, as a restart of a single node does.
	 * @param topic the topic
	 */
	public void clear(String topic) {
		this.topics.remove(topic);
	}

	private static final class TopicLog {

		private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();

		private @Nullable StreamId last;

		private @Nullable StreamId lastTrimmed;

		private @Nullable LogRetention retention;

		void trim(LogRetention retention, long now) {
			long oldest = now - retention.maxAge().toMillis();
			while (!this.entries.isEmpty() && (this.entries.size() > retention.maxCount()
					|| this.entries.peekFirst().timestamp() < oldest)) {
				this.lastTrimmed = this.entries.pollFirst().id();
			}
		}

	}

}

package io.wsstreams.broker.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The single-node log: one bounded deque per topic, trimmed by count and age.
 *
 * <p>An append assigns the id and stores the entry under the topic's lock; delivery
 * then runs outside it, one thread per topic at a time draining the topic's outbox, so
 * deliveries leave in id order with concurrent publishers and no lock is held while
 * frames go to sockets. Entries keep their encoded frames, so history and resume never
 * serialize again.
 */
public final class InMemoryStreamLog implements StreamLog {

	private static final Log logger = LogFactory.getLog(InMemoryStreamLog.class);

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
		LogEntry entry;
		synchronized (log) {
			log.retention = retention;
			StreamId id = StreamId.next(log.last, timestamp);
			entry = new LogEntry(id, timestamp, encoder.apply(id));
			log.entries.addLast(entry);
			log.last = id;
			log.trim(retention, timestamp);
			log.outbox.addLast(new TopicMessage(topic, feature, entry.frame(), null, id));
			if (log.delivering) {
				// The thread delivering this topic's earlier entries delivers this one too.
				return entry;
			}
			log.delivering = true;
		}
		deliver(log, target);
		return entry;
	}

	/**
	 * Delivers a topic's appended entries in id order, without holding the topic's lock
	 * while the fan-out runs: one thread at a time drains the topic's outbox, and
	 * publishers that append meanwhile leave their entries to it.
	 */
	private void deliver(TopicLog log, BrokerListener target) {
		while (true) {
			TopicMessage message;
			synchronized (log) {
				message = log.outbox.pollFirst();
				if (message == null) {
					log.delivering = false;
					return;
				}
				// Visible to reads before any subscriber sees it: a join that subscribed
				// too late for this delivery finds the entry in its replay instead.
				log.delivered = message.id();
			}
			try {
				target.onTopicMessage(message);
			}
			catch (RuntimeException ex) {
				logger.error("Delivery of an entry of topic " + message.topic() + " failed", ex);
			}
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
			List<LogEntry> visible = log.visible();
			return new Replay(List.copyOf(visible.subList(Math.max(0, visible.size() - count), visible.size())), true,
					log.delivered);
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
			boolean known = after.equals(log.delivered) || after.equals(log.lastTrimmed);
			List<LogEntry> entries = new ArrayList<>();
			for (LogEntry entry : log.visible()) {
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
			return new Replay(List.copyOf(entries), known, log.delivered);
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
			List<LogEntry> visible = log.visible();
			ListIterator<LogEntry> newestFirst = visible.listIterator(visible.size());
			while (newestFirst.hasPrevious()) {
				LogEntry entry = newestFirst.previous();
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

	private static final class TopicLog {

		private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();

		private @Nullable StreamId last;

		private @Nullable StreamId lastTrimmed;

		private @Nullable LogRetention retention;

		/** Appended entries waiting for delivery, in id order. */
		private final ArrayDeque<TopicMessage> outbox = new ArrayDeque<>();

		/** Whether a thread is draining the outbox. */
		private boolean delivering;

		/**
		 * The newest entry whose delivery has started. Reads see entries up to it only, so
		 * that an entry reaches a joining connection exactly once: by its replay, or by
		 * its delivery, never neither.
		 */
		private @Nullable StreamId delivered;

		boolean isVisible(LogEntry entry) {
			return this.delivered != null && entry.id().compareTo(this.delivered) <= 0;
		}

		/** The delivered entries, oldest first; undelivered entries are the newest. */
		List<LogEntry> visible() {
			List<LogEntry> visible = new ArrayList<>(this.entries);
			while (!visible.isEmpty() && !isVisible(visible.get(visible.size() - 1))) {
				visible.remove(visible.size() - 1);
			}
			return visible;
		}

		void trim(LogRetention retention, long now) {
			long oldest = now - retention.maxAge().toMillis();
			while (!this.entries.isEmpty() && (this.entries.size() > retention.maxCount()
					|| this.entries.peekFirst().timestamp() < oldest)) {
				this.lastTrimmed = this.entries.pollFirst().id();
			}
		}

	}

}

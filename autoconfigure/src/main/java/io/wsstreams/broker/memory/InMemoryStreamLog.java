package io.wsstreams.broker.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.HistoryPage;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.LogRetention;
import io.wsstreams.broker.Replay;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The single-node log: one bounded deque per topic, trimmed by count and age, all of
 * them together bounded in size.
 *
 * <p>An append assigns the id and stores the entry under the topic's lock; delivery
 * then runs outside it, one thread per topic at a time draining the topic's outbox, so
 * deliveries leave in id order with concurrent publishers and no lock is held while
 * frames go to sockets. Entries keep their encoded frames, so history and resume never
 * serialize again.
 *
 * <p>Since clients name their streams, topics are not bounded in number, so the log
 * bounds its total size: each entry counts its frame's UTF-8 size plus 144 bytes, each
 * topic its name's UTF-8 size plus 512 bytes, estimates of the objects that hold them
 * on a 64-bit JVM. When an append, or the end of a delivery, finds the total over the
 * bound, the oldest entries of the least recently used topics (by last append or read)
 * are evicted until it is within the bound again, and a topic left empty is removed.
 * Eviction moves the resume horizon as trimming does: resuming from before it, or on a
 * removed topic, is not recovered.
 *
 * <p>Topics are kept in access order in one map whose lock is held only to move a topic
 * to its end or to take its first, so an append takes constant time and eviction,
 * amortized, constant time per evicted entry; one thread evicts at a time. Entries whose
 * delivery has not started are never evicted, nor is a topic removed while its delivery
 * runs: the total may exceed the bound by entries still to be delivered, until their
 * delivery ends.
 */
public final class InMemoryStreamLog implements StreamLog, SmartLifecycle {

	/**
	 * Estimated heap of an entry besides its frame's text: the entry, its id, its frame,
	 * the string's and its array's headers, and its slot in the topic's deque, about 140
	 * bytes on a 64-bit JVM with compressed references.
	 */
	static final int ENTRY_OVERHEAD = 144;

	/**
	 * Estimated heap of a topic besides its name: its nodes in the topic map and in the
	 * access order, its log, its two empty deques and its name's headers, about 400 bytes
	 * on a 64-bit JVM with compressed references, rounded up.
	 */
	static final int TOPIC_OVERHEAD = 512;

	private static final Log logger = LogFactory.getLog(InMemoryStreamLog.class);

	private static final long PURGE_INTERVAL_MILLIS = 60_000;

	private static final long EVICTION_LOG_INTERVAL_MILLIS = 600_000;

	private final Map<String, TopicLog> topics = new ConcurrentHashMap<>();

	/** The topics, least recently used first; guarded by itself. */
	private final LinkedHashMap<TopicLog, Boolean> accessOrder = new LinkedHashMap<>(16, 0.75f, true);

	private final long maxBytes;

	/** The estimated size of every entry and topic held. */
	private final AtomicLong bytes = new AtomicLong();

	private final ReentrantLock evicting = new ReentrantLock();

	/**
	 * The newest id of the topics removed so far: a topic created again continues after
	 * it, so that its ids stay greater than any its clients saw. Written while evicting.
	 */
	private volatile @Nullable StreamId removedLast;

	/** Entries evicted since the last report; guarded by {@link #evicting}. */
	private long evictedEntries;

	/** Topics removed since the last report; guarded by {@link #evicting}. */
	private long removedTopics;

	/** When eviction may be reported again; guarded by {@link #evicting}. */
	private long nextEvictionLog;

	private final Object lifecycle = new Object();

	private @Nullable ScheduledExecutorService purger;

	private volatile @Nullable BrokerListener listener;

	/**
	 * Creates a log.
	 * @param maxBytes the most bytes all topics together may hold, estimated as
	 * described above
	 */
	public InMemoryStreamLog(long maxBytes) {
		if (maxBytes <= 0) {
			throw new IllegalArgumentException("The size bound must be positive, not " + maxBytes);
		}
		this.maxBytes = maxBytes;
	}

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
		while (true) {
			TopicLog log = this.topics.computeIfAbsent(topic, this::createTopic);
			LogEntry entry;
			boolean deliver;
			synchronized (log) {
				if (log.removed) {
					// Evicted since it was looked up: the topic's new log takes the entry.
					continue;
				}
				log.retention = retention;
				StreamId id = StreamId.next(log.last, timestamp);
				entry = new LogEntry(id, timestamp, encoder.apply(id));
				log.entries.addLast(entry);
				this.bytes.addAndGet(sizeOf(entry));
				log.last = id;
				release(log.trim(retention, timestamp));
				log.outbox.addLast(new TopicMessage(topic, feature, entry.frame(), null, id));
				// Unless a thread is delivering this topic's earlier entries: it delivers
				// this one too.
				deliver = !log.delivering;
				log.delivering = true;
			}
			touch(log);
			evictIfOver();
			if (deliver) {
				deliver(log, target);
			}
			return entry;
		}
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
				}
				else {
					// Visible to reads before any subscriber sees it: a join that subscribed
					// too late for this delivery finds the entry in its replay instead.
					log.delivered = message.id();
				}
			}
			if (message == null) {
				// The entries delivered may be evicted now, should they keep the log over
				// its bound.
				evictIfOver();
				return;
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
		Replay replay;
		synchronized (log) {
			if (log.removed) {
				return new Replay(List.of(), true, null);
			}
			release(log.trim(retention, System.currentTimeMillis()));
			List<LogEntry> visible = log.visible();
			replay = new Replay(List.copyOf(visible.subList(Math.max(0, visible.size() - count), visible.size())),
					true, log.delivered);
		}
		touch(log);
		return replay;
	}

	@Override
	public Replay after(String topic, StreamId after, int limit, LogRetention retention) {
		TopicLog log = this.topics.get(topic);
		if (log == null) {
			return new Replay(List.of(), false, null);
		}
		Replay replay;
		synchronized (log) {
			if (log.removed) {
				return new Replay(List.of(), false, null);
			}
			release(log.trim(retention, System.currentTimeMillis()));
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
			replay = new Replay(List.copyOf(entries), known, log.delivered);
		}
		touch(log);
		return replay;
	}

	@Override
	public HistoryPage before(String topic, @Nullable StreamId before, int limit, LogRetention retention) {
		TopicLog log = this.topics.get(topic);
		if (log == null || limit <= 0) {
			return new HistoryPage(List.of(), false);
		}
		HistoryPage history;
		synchronized (log) {
			if (log.removed) {
				return new HistoryPage(List.of(), false);
			}
			release(log.trim(retention, System.currentTimeMillis()));
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
			history = new HistoryPage(List.copyOf(page), more);
		}
		touch(log);
		return history;
	}

	/**
	 * The estimated size of the entries and topics held.
	 * @return the size in bytes
	 */
	long size() {
		return this.bytes.get();
	}

	private TopicLog createTopic(String topic) {
		TopicLog log = new TopicLog(topic, this.removedLast);
		this.bytes.addAndGet(sizeOf(topic));
		synchronized (this.accessOrder) {
			this.accessOrder.put(log, Boolean.TRUE);
		}
		return log;
	}

	/**
	 * Marks a topic as the most recently used, unless it was removed.
	 */
	private void touch(TopicLog log) {
		synchronized (this.accessOrder) {
			if (!log.removed) {
				this.accessOrder.put(log, Boolean.TRUE);
			}
		}
	}

	private void release(long size) {
		if (size != 0) {
			this.bytes.addAndGet(-size);
		}
	}

	/**
	 * Evicts while the log is over its bound, one thread at a time; a thread that finds
	 * another evicting leaves it the work, which it checks for again once done.
	 */
	private void evictIfOver() {
		while (this.bytes.get() > this.maxBytes && this.evicting.tryLock()) {
			boolean within;
			try {
				within = evict();
				logEviction();
			}
			finally {
				this.evicting.unlock();
			}
			if (!within) {
				// Nothing can go before more deliveries start, whose end checks again.
				return;
			}
		}
	}

	/**
	 * Evicts the oldest entries of the least recently used topics until the log is
	 * within its bound. A topic with nothing to evict (its entries are still to be
	 * delivered) moves to the end of the order, so that the next is tried.
	 * @return whether the log is within its bound, {@code false} when nothing more can
	 * be evicted now
	 */
	private boolean evict() {
		int fruitless = 0;
		while (this.bytes.get() > this.maxBytes) {
			TopicLog victim;
			synchronized (this.accessOrder) {
				if (fruitless >= this.accessOrder.size()) {
					return false;
				}
				victim = this.accessOrder.keySet().iterator().next();
			}
			if (evictFrom(victim)) {
				fruitless = 0;
			}
			else {
				fruitless++;
				touch(victim);
			}
		}
		return true;
	}

	/**
	 * Evicts a topic's oldest delivered entries while the log is over its bound, and
	 * removes the topic once it is empty and no delivery is in progress.
	 * @return whether anything was evicted or removed
	 */
	private boolean evictFrom(TopicLog log) {
		boolean evicted = false;
		synchronized (log) {
			while (this.bytes.get() > this.maxBytes && !log.entries.isEmpty()
					&& log.isVisible(log.entries.peekFirst())) {
				LogEntry entry = log.entries.pollFirst();
				log.lastTrimmed = entry.id();
				release(sizeOf(entry));
				this.evictedEntries++;
				evicted = true;
			}
			if (!log.entries.isEmpty() || log.delivering) {
				return evicted;
			}
			if (removeIfEmpty(log)) {
				this.removedTopics++;
			}
		}
		synchronized (this.accessOrder) {
			this.accessOrder.remove(log);
		}
		return true;
	}

	/**
	 * Reports eviction at most every ten minutes, with what went since the last report.
	 */
	private void logEviction() {
		long now = System.currentTimeMillis();
		if (this.evictedEntries + this.removedTopics == 0 || now < this.nextEvictionLog) {
			return;
		}
		logger.warn("In-memory stream log at its bound of " + this.maxBytes
				+ " bytes (ws-streams.streams.max-memory): evicting the oldest entries of the least recently used"
				+ " topics (" + this.evictedEntries + " entries evicted, " + this.removedTopics
				+ " topics removed since the last report)");
		this.evictedEntries = 0;
		this.removedTopics = 0;
		this.nextEvictionLog = now + EVICTION_LOG_INTERVAL_MILLIS;
	}

	/**
	 * Trims every topic by age and removes the topics left empty, so that topics nobody
	 * writes to or reads any more release everything they held. Runs once a minute
	 * while the log runs as a bean, on a thread of its own.
	 * @param now the current time in epoch milliseconds
	 */
	void purge(long now) {
		for (TopicLog log : this.topics.values()) {
			boolean removed;
			synchronized (log) {
				if (log.retention != null) {
					release(log.trim(log.retention, now));
				}
				removed = removeIfEmpty(log);
			}
			if (removed) {
				synchronized (this.accessOrder) {
					this.accessOrder.remove(log);
				}
			}
		}
	}

	/**
	 * Removes a topic whose log is empty and idle from the topic map. Holds the topic's
	 * lock.
	 * @return whether it was removed now
	 */
	private boolean removeIfEmpty(TopicLog log) {
		if (!log.entries.isEmpty() || log.delivering || log.removed) {
			return false;
		}
		log.removed = true;
		StreamId removedLast = this.removedLast;
		if (log.last != null && (removedLast == null || log.last.compareTo(removedLast) > 0)) {
			this.removedLast = log.last;
		}
		this.topics.remove(log.topic, log);
		release(sizeOf(log.topic));
		return true;
	}

	@Override
	public void start() {
		synchronized (this.lifecycle) {
			if (this.purger == null) {
				CustomizableThreadFactory threads = new CustomizableThreadFactory("ws-streams-log-purge-");
				threads.setDaemon(true);
				ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(threads);
				purger.scheduleWithFixedDelay(() -> purge(System.currentTimeMillis()), PURGE_INTERVAL_MILLIS,
						PURGE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
				this.purger = purger;
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycle) {
			if (this.purger != null) {
				this.purger.shutdownNow();
				this.purger = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycle) {
			return this.purger != null;
		}
	}

	private static long sizeOf(LogEntry entry) {
		return ENTRY_OVERHEAD + entry.frame().bytes();
	}

	private static long sizeOf(String topic) {
		return TOPIC_OVERHEAD + OutboundFrame.utf8Length(topic);
	}

	private static final class TopicLog {

		private final String topic;

		private ArrayDeque<LogEntry> entries = new ArrayDeque<>();

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

		/**
		 * Whether eviction removed this log from the topic map; whoever still holds it
		 * looks the topic up again.
		 */
		private volatile boolean removed;

		TopicLog(String topic, @Nullable StreamId last) {
			this.topic = topic;
			this.last = last;
		}

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

		/**
		 * Drops the entries beyond the retention.
		 * @return the estimated size of the entries dropped
		 */
		long trim(LogRetention retention, long now) {
			long oldest = now - retention.maxAge().toMillis();
			long trimmed = 0;
			while (!this.entries.isEmpty() && (this.entries.size() > retention.maxCount()
					|| this.entries.peekFirst().timestamp() < oldest)) {
				LogEntry entry = this.entries.pollFirst();
				this.lastTrimmed = entry.id();
				trimmed += sizeOf(entry);
			}
			if (trimmed != 0 && this.entries.isEmpty()) {
				// A deque keeps the capacity it grew to: an idle topic keeps a small one.
				this.entries = new ArrayDeque<>();
			}
			return trimmed;
		}

	}

}

package io.wsstreams.broker.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.LogRetention;
import io.wsstreams.broker.Replay;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The bound on the in-memory log's total size: entries of 1000 estimated bytes each,
 * topics named with 5 characters, so 517 bytes each.
 */
class InMemoryStreamLogTests {

	private static final LogRetention RETENTION = new LogRetention(1000, Duration.ofHours(24));

	private static final int FRAME_BYTES = 1000 - InMemoryStreamLog.ENTRY_OVERHEAD;

	private static final OutboundFrame FRAME = OutboundFrame.of("x".repeat(FRAME_BYTES));

	private static final long ENTRY = 1000;

	private static final long TOPIC = InMemoryStreamLog.TOPIC_OVERHEAD + 5;

	@Test
	void countsEveryEntryAndTopicAtItsEstimatedSize() {
		InMemoryStreamLog log = started(1_000_000, (message) -> {
		});
		append(log, "t-001", 3);
		append(log, "t-002", 2);
		assertThat(log.size()).isEqualTo(2 * TOPIC + 5 * ENTRY);
		append(log, "t-003", 1, new LogRetention(2, Duration.ofHours(24)));
		append(log, "t-001", 1, new LogRetention(2, Duration.ofHours(24)));
		assertThat(log.size()).as("after trimming t-001 to 2").isEqualTo(3 * TOPIC + 5 * ENTRY);
	}

	@Test
	void totalStaysWithinTheBoundAcrossManyTopics() {
		long bound = 100_000;
		InMemoryStreamLog log = started(bound, (message) -> {
		});
		List<String> topics = new ArrayList<>();
		for (int t = 0; t < 300; t++) {
			topics.add(String.format("t-%03d", t));
		}
		for (String topic : topics) {
			for (int i = 0; i < 4; i++) {
				append(log, topic, 1);
				assertThat(log.size()).as("after appending to %s", topic).isLessThanOrEqualTo(bound);
			}
		}
		long retained = 0;
		for (String topic : topics) {
			int entries = log.latest(topic, 1000, RETENTION).entries().size();
			retained += (entries > 0) ? TOPIC + entries * ENTRY : 0;
		}
		assertThat(retained).as("what the retained entries and their topics count")
			.isGreaterThan(bound / 2)
			.isLessThanOrEqualTo(log.size());
		assertThat(entries(log, "t-000")).as("the least recently used topic").isEmpty();
		assertThat(entries(log, "t-299")).as("the most recently used topic").hasSize(4);
	}

	@Test
	void leastRecentlyUsedTopicsLoseTheirOldestEntriesFirst() {
		InMemoryStreamLog log = started(3 * TOPIC + 9 * ENTRY + 1000, (message) -> {
		});
		append(log, "t-00a", 3);
		List<StreamId> b = append(log, "t-00b", 3);
		List<StreamId> c = append(log, "t-00c", 3);
		// Each append to t-00d evicts one entry of t-00a, the last one removes the topic.
		append(log, "t-00d", 3);
		assertThat(log.size()).isEqualTo(3 * TOPIC + 9 * ENTRY);
		append(log, "t-00d", 2);
		assertThat(log.size()).isEqualTo(3 * TOPIC + 10 * ENTRY);
		// Reads touch topics, so they come last.
		assertThat(ids(log, "t-00a")).isEmpty();
		assertThat(ids(log, "t-00b")).containsExactlyElementsOf(b.subList(1, 3));
		assertThat(ids(log, "t-00c")).containsExactlyElementsOf(c);
		assertThat(ids(log, "t-00d")).hasSize(5);
	}

	@Test
	void aRecentlyReadTopicKeepsItsEntries() {
		InMemoryStreamLog log = started(3 * TOPIC + 9 * ENTRY + 1000, (message) -> {
		});
		List<StreamId> a = append(log, "t-00a", 3);
		append(log, "t-00b", 3);
		List<StreamId> c = append(log, "t-00c", 3);
		log.after("t-00a", a.get(0), 10, RETENTION);
		// t-00b is the least recently used now: it loses all three, t-00a nothing.
		append(log, "t-00d", 3);
		log.before("t-00c", null, 1, RETENTION);
		// t-00a is the least recently used now, t-00c was just read.
		append(log, "t-00e", 1);
		assertThat(ids(log, "t-00a")).containsExactlyElementsOf(a.subList(1, 3));
		assertThat(ids(log, "t-00b")).isEmpty();
		assertThat(ids(log, "t-00c")).containsExactlyElementsOf(c);
		assertThat(ids(log, "t-00d")).hasSize(3);
	}

	@Test
	void resumingIntoAnEvictedRangeIsNotRecovered() {
		InMemoryStreamLog log = started(2 * TOPIC + 6 * ENTRY + 500, (message) -> {
		});
		List<StreamId> a = append(log, "t-00a", 6);
		append(log, "t-00b", 2);
		Replay evicted = log.after("t-00a", a.get(0), 10, RETENTION);
		assertThat(evicted.recovered()).isFalse();
		assertThat(evicted.entries()).extracting(LogEntry::id).containsExactlyElementsOf(a.subList(2, 6));
		assertThat(evicted.newest()).isEqualTo(a.get(5));
		Replay lastEvicted = log.after("t-00a", a.get(1), 10, RETENTION);
		assertThat(lastEvicted.recovered()).as("from the last evicted id, like the last trimmed").isTrue();
		assertThat(lastEvicted.entries()).extracting(LogEntry::id).containsExactlyElementsOf(a.subList(2, 6));
		assertThat(log.before("t-00a", a.get(3), 10, RETENTION).entries()).extracting(LogEntry::id)
			.containsExactlyElementsOf(a.subList(2, 3));
		// t-00b, then t-00a, are the least recently used: both are evicted and removed.
		append(log, "t-00c", 6);
		Replay removed = log.after("t-00a", a.get(5), 10, RETENTION);
		assertThat(removed.recovered()).as("on a topic whose log was removed").isFalse();
		assertThat(removed.entries()).isEmpty();
		assertThat(removed.newest()).isNull();
		assertThat(log.latest("t-00a", 10, RETENTION).entries()).isEmpty();
	}

	@Test
	void aTopicCreatedAgainContinuesAfterTheIdsOfItsRemovedLog() {
		InMemoryStreamLog log = started(TOPIC + 2 * ENTRY, (message) -> {
		});
		long later = System.currentTimeMillis() + 60_000;
		StreamId removed = log.append("t-00a", "f", RETENTION, later, (id) -> FRAME).id();
		append(log, "t-00b", 1);
		assertThat(ids(log, "t-00a")).isEmpty();
		StreamId again = append(log, "t-00a", 1).get(0);
		assertThat(again).isGreaterThan(removed);
	}

	@Test
	void entriesWhoseDeliveryHasNotStartedAreNotEvicted() {
		long bound = 2 * TOPIC + 4 * ENTRY;
		List<List<StreamId>> seenOnDelivery = new ArrayList<>();
		List<StreamId> appendedDuringDelivery = new ArrayList<>();
		InMemoryStreamLog[] holder = new InMemoryStreamLog[1];
		InMemoryStreamLog log = started(bound, (message) -> {
			if (!message.topic().equals("t-00x")) {
				return;
			}
			InMemoryStreamLog self = holder[0];
			seenOnDelivery.add(ids(self, "t-00x"));
			if (appendedDuringDelivery.isEmpty()) {
				// Stored now, delivered once this delivery returns.
				appendedDuringDelivery.addAll(append(self, "t-00x", 1));
				flood(self);
			}
		});
		holder[0] = log;
		List<StreamId> first = append(log, "t-00x", 1);
		assertThat(seenOnDelivery).hasSize(2);
		assertThat(seenOnDelivery.get(0)).containsExactlyElementsOf(first);
		assertThat(seenOnDelivery.get(1)).as("t-00x lost its delivered entry, not the one still to deliver")
			.containsExactlyElementsOf(appendedDuringDelivery);
		assertThat(log.size()).isLessThanOrEqualTo(bound);
	}

	@Test
	void aTopicIsNotRemovedWhileItsDeliveryRuns() {
		long bound = 2 * TOPIC + 4 * ENTRY;
		List<Replay> resumedDuringDelivery = new ArrayList<>();
		InMemoryStreamLog[] holder = new InMemoryStreamLog[1];
		InMemoryStreamLog log = started(bound, (message) -> {
			if (message.topic().equals("t-00x")) {
				InMemoryStreamLog self = holder[0];
				flood(self);
				resumedDuringDelivery.add(self.after("t-00x", message.id(), 10, RETENTION));
			}
		});
		holder[0] = log;
		StreamId first = append(log, "t-00x", 1).get(0);
		assertThat(resumedDuringDelivery).hasSize(1);
		Replay replay = resumedDuringDelivery.get(0);
		assertThat(replay.entries()).as("its entry was evicted").isEmpty();
		assertThat(replay.recovered()).as("resuming from the entry being delivered").isTrue();
		assertThat(replay.newest()).isEqualTo(first);
		assertThat(log.size()).isLessThanOrEqualTo(bound);
	}

	@Test
	void concurrentAppendsToDifferentTopicsStayWithinTheBound() throws Exception {
		long bound = 200_000;
		InMemoryStreamLog log = started(bound, (message) -> {
		});
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				int writer = w;
				writers.add(threads.submit(() -> {
					for (int i = 0; i < 5000; i++) {
						String topic = String.format("t-%d%02d", writer, i % 50);
						append(log, topic, 1);
						if (i % 7 == 0) {
							log.latest(String.format("t-%d%02d", writer, (i * 3) % 50), 5, RETENTION);
						}
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(log.size()).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
		long retained = 0;
		for (int w = 0; w < 4; w++) {
			for (int t = 0; t < 50; t++) {
				int entries = entries(log, String.format("t-%d%02d", w, t)).size();
				retained += (entries > 0) ? TOPIC + entries * ENTRY : 0;
			}
		}
		assertThat(retained).isLessThanOrEqualTo(log.size());
	}

	@Test
	void releasesEveryTopicOnceItsRetentionHasPassed() {
		InMemoryStreamLog log = started(Long.MAX_VALUE, (message) -> {
		});
		LogRetention shortLived = new LogRetention(1000, Duration.ofMillis(1));
		long published = System.currentTimeMillis();
		for (int t = 0; t < 100_000; t++) {
			log.append("channel:" + t + ":chat", "chat", shortLived, published, (id) -> FRAME);
		}
		assertThat(log.size()).isGreaterThan(100_000L * ENTRY);
		log.purge(published + 1_000);
		assertThat(log.size()).as("what the log holds once retention passed").isZero();
		assertThat(log.latest("channel:1:chat", 10, shortLived).entries()).isEmpty();
		// A topic published to again continues after the ids it had.
		StreamId next = log.append("channel:1:chat", "chat", shortLived, published, (id) -> FRAME).id();
		assertThat(next.compareTo(StreamId.parse(published + "-0"))).isPositive();
	}

	@Test
	void purgesOnItsOwnThreadWhileRunningAsABean() {
		InMemoryStreamLog log = started(1_000_000, (message) -> {
		});
		assertThat(log.isRunning()).isFalse();
		log.start();
		assertThat(log.isRunning()).isTrue();
		assertThat(Thread.getAllStackTraces().keySet()).anySatisfy(
				(thread) -> assertThat(thread.getName()).contains("log-purge"));
		log.stop();
		assertThat(log.isRunning()).isFalse();
	}

	@Test
	void refusesABoundThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryStreamLog(0));
	}

	/**
	 * Appends to four other topics, several times the bound of two topics of four
	 * entries.
	 */
	private static void flood(InMemoryStreamLog log) {
		for (int i = 0; i < 20; i++) {
			append(log, "t-" + (100 + i % 4), 1);
		}
	}

	private static InMemoryStreamLog started(long bound, Consumer<TopicMessage> delivered) {
		InMemoryStreamLog log = new InMemoryStreamLog(bound);
		log.start(new BrokerListener() {

			@Override
			public void onTopicMessage(TopicMessage message) {
				delivered.accept(message);
			}

			@Override
			public void onUserMessage(UserMessage message) {
			}

		});
		return log;
	}

	private static List<StreamId> append(InMemoryStreamLog log, String topic, int count) {
		return append(log, topic, count, RETENTION);
	}

	private static List<StreamId> append(InMemoryStreamLog log, String topic, int count, LogRetention retention) {
		List<StreamId> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(log.append(topic, "f", retention, System.currentTimeMillis(), (id) -> FRAME).id());
		}
		return ids;
	}

	private static List<LogEntry> entries(InMemoryStreamLog log, String topic) {
		return log.before(topic, null, 1000, RETENTION).entries();
	}

	private static List<StreamId> ids(InMemoryStreamLog log, String topic) {
		return entries(log, topic).stream().map(LogEntry::id).toList();
	}

}

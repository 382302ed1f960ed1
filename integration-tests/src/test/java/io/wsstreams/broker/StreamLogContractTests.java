package io.wsstreams.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link StreamLog} answers alike, so that history and resume are the same
 * with any broker: ids in order, the newest entries, the entries after a resume point and
 * whether it was recovered, pages back, and retention by count and age applied to reads.
 */
public abstract class StreamLogContractTests {

	/** A retention that keeps everything a test appends. */
	protected static final LogRetention RETENTION = new LogRetention(1000, Duration.ofHours(1));

	private static final AtomicInteger topics = new AtomicInteger();

	/**
	 * The log under test, started.
	 * @return the log
	 */
	protected abstract StreamLog log();

	/**
	 * A topic no other test uses.
	 * @return the topic
	 */
	protected static String topic() {
		return "contract:" + topics.incrementAndGet() + ":chat";
	}

	/**
	 * A listener that ignores what is delivered.
	 * @return the listener
	 */
	protected static BrokerListener ignoring() {
		return new BrokerListener() {

			@Override
			public void onTopicMessage(TopicMessage message) {
			}

			@Override
			public void onUserMessage(UserMessage message) {
			}

		};
	}

	@Test
	void appendsEntriesWithIncreasingIdsEachInItsFrame() {
		String topic = topic();
		List<LogEntry> entries = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			entries.add(append(topic, i, RETENTION));
		}
		for (int i = 0; i < entries.size(); i++) {
			LogEntry entry = entries.get(i);
			assertThat(entry.frame().text()).isEqualTo(frame(entry.id(), i));
			if (i > 0) {
				assertThat(entry.id()).isGreaterThan(entries.get(i - 1).id());
			}
		}
		assertThat(log().latest(topic, 100, RETENTION).entries()).extracting(LogEntry::id, LogEntry::frame)
			.containsExactlyElementsOf(entries.stream().map((entry) -> tuple(entry.id(), entry.frame())).toList());
	}

	@Test
	void aTopicWithoutLogHasNoEntriesAndResumesUnrecovered() {
		String topic = topic();
		Replay latest = log().latest(topic, 10, RETENTION);
		assertThat(latest.entries()).isEmpty();
		assertThat(latest.recovered()).isTrue();
		assertThat(latest.newest()).isNull();
		Replay after = log().after(topic, new StreamId(1, 0), 10, RETENTION);
		assertThat(after.entries()).isEmpty();
		assertThat(after.recovered()).isFalse();
		assertThat(after.newest()).isNull();
		HistoryPage page = log().before(topic, null, 10, RETENTION);
		assertThat(page.entries()).isEmpty();
		assertThat(page.more()).isFalse();
	}

	@Test
	void latestIsTheNewestEntriesOldestFirst() {
		String topic = topic();
		List<StreamId> ids = ids(topic, 5, RETENTION);
		Replay latest = log().latest(topic, 3, RETENTION);
		assertReplay(latest, ids.subList(2, 5), true);
		assertThat(latest.newest()).isEqualTo(ids.get(4));
		assertThat(log().latest(topic, 0, RETENTION).entries()).isEmpty();
	}

	@Test
	void afterAnIdTheLogHoldsIsEveryEntryAfterItRecovered() {
		String topic = topic();
		List<StreamId> ids = ids(topic, 5, RETENTION);
		Replay after = log().after(topic, ids.get(1), 10, RETENTION);
		assertReplay(after, ids.subList(2, 5), true);
		assertThat(after.newest()).isEqualTo(ids.get(4));
		Replay upToDate = log().after(topic, ids.get(4), 10, RETENTION);
		assertThat(upToDate.entries()).isEmpty();
		assertThat(upToDate.recovered()).as("from the newest id").isTrue();
	}

	@Test
	void afterAnIdTheLogNeverHeldIsNotRecovered() {
		String topic = topic();
		List<StreamId> ids = ids(topic, 3, RETENTION);
		Replay older = log().after(topic, new StreamId(ids.get(0).millis() - 1, 0), 10, RETENTION);
		assertReplay(older, ids, false);
		Replay future = log().after(topic, new StreamId(ids.get(2).millis() + 60_000, 0), 10, RETENTION);
		assertThat(future.recovered()).isFalse();
		assertThat(future.entries()).isEmpty();
		assertThat(future.newest()).isEqualTo(ids.get(2));
	}

	@Test
	void afterWithMoreEntriesThanTheLimitIsTheOldestOnesNotRecovered() {
		String topic = topic();
		List<StreamId> ids = ids(topic, 6, RETENTION);
		Replay after = log().after(topic, ids.get(0), 2, RETENTION);
		assertReplay(after, ids.subList(1, 3), false);
		Replay exactly = log().after(topic, ids.get(3), 2, RETENTION);
		assertReplay(exactly, ids.subList(4, 6), true);
	}

	@Test
	void beforePagesBackFromTheNewestOrAnId() {
		String topic = topic();
		List<StreamId> ids = ids(topic, 5, RETENTION);
		HistoryPage newest = log().before(topic, null, 2, RETENTION);
		assertThat(newest.entries()).extracting(LogEntry::id).containsExactlyElementsOf(ids.subList(3, 5));
		assertThat(newest.more()).isTrue();
		HistoryPage back = log().before(topic, ids.get(2), 10, RETENTION);
		assertThat(back.entries()).extracting(LogEntry::id).containsExactlyElementsOf(ids.subList(0, 2));
		assertThat(back.more()).isFalse();
		HistoryPage exactly = log().before(topic, ids.get(2), 2, RETENTION);
		assertThat(exactly.more()).isFalse();
		assertThat(log().before(topic, ids.get(0), 10, RETENTION).entries()).isEmpty();
		assertThat(log().before(topic, new StreamId(0, 0), 10, RETENTION).entries()).isEmpty();
		assertThat(log().before(topic, null, 0, RETENTION).entries()).isEmpty();
	}

	@Test
	void retentionByCountHidesTheOldestAndResumesFromTheLastHiddenOne() {
		String topic = topic();
		LogRetention three = new LogRetention(3, Duration.ofHours(1));
		List<StreamId> ids = ids(topic, 6, three);
		assertThat(log().latest(topic, 10, three).entries()).extracting(LogEntry::id)
			.containsExactlyElementsOf(ids.subList(3, 6));
		assertThat(log().before(topic, null, 10, three).entries()).extracting(LogEntry::id)
			.containsExactlyElementsOf(ids.subList(3, 6));
		Replay lost = log().after(topic, ids.get(0), 10, three);
		assertReplay(lost, ids.subList(3, 6), false);
		Replay lastHidden = log().after(topic, ids.get(2), 10, three);
		assertReplay(lastHidden, ids.subList(3, 6), true);
		assertThat(log().after(topic, ids.get(3), 10, three).recovered()).isTrue();
	}

	@Test
	void retentionByAgeHidesTheEntriesOlderThanItAndResumesFromTheLastHiddenOne() {
		String topic = topic();
		LogRetention twoSeconds = new LogRetention(1000, Duration.ofSeconds(2));
		List<StreamId> old = ids(topic, 2, twoSeconds);
		long start = old.get(1).millis();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > start + 1000);
		StreamId middle = append(topic, 2, twoSeconds).id();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > start + 2100);
		StreamId newest = append(topic, 3, twoSeconds).id();
		assertThat(log().latest(topic, 10, twoSeconds).entries()).extracting(LogEntry::id).containsExactly(middle, newest);
		Replay lastHidden = log().after(topic, old.get(1), 10, twoSeconds);
		assertThat(lastHidden.recovered()).as("from the newest id beyond retention").isTrue();
		assertThat(lastHidden.entries()).extracting(LogEntry::id).containsExactly(middle, newest);
		Replay lost = log().after(topic, old.get(0), 10, twoSeconds);
		assertThat(lost.recovered()).as("from an older id").isFalse();
		assertThat(lost.entries()).extracting(LogEntry::id).containsExactly(middle, newest);
	}

	@Test
	void keepsPayloadsAsTheyWere() {
		String topic = topic();
		String text = "{\"type\":\"chat\",\"data\":\"über \uD83D\uDE00 \\n\n mark 9223372036854775807-9223372036854775806\",\"id\":\"";
		LogEntry entry = log().append(topic, "chat", RETENTION, System.currentTimeMillis(),
				(id) -> OutboundFrame.of(text + id + "\"}"));
		assertThat(entry.frame().text()).isEqualTo(text + entry.id() + "\"}");
		assertThat(log().latest(topic, 1, RETENTION).entries()).singleElement()
			.satisfies((read) -> assertThat(read.frame()).isEqualTo(entry.frame()));
	}

	private static void assertReplay(Replay replay, List<StreamId> ids, boolean recovered) {
		assertThat(replay.entries()).extracting(LogEntry::id).containsExactlyElementsOf(ids);
		assertThat(replay.recovered()).as("recovered").isEqualTo(recovered);
	}

	/**
	 * Appends entries {@code {"n":i}}.
	 * @param topic the topic
	 * @param count how many
	 * @param retention the retention
	 * @return their ids, in order
	 */
	protected List<StreamId> ids(String topic, int count, LogRetention retention) {
		List<StreamId> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(append(topic, i, retention).id());
		}
		return ids;
	}

	/**
	 * Appends an entry {@code {"n":n}}.
	 * @param topic the topic
	 * @param n the entry's number
	 * @param retention the retention
	 * @return the entry
	 */
	protected LogEntry append(String topic, int n, LogRetention retention) {
		return log().append(topic, "chat", retention, System.currentTimeMillis(), (id) -> OutboundFrame.of(frame(id, n)));
	}

	private static String frame(StreamId id, int n) {
		return "{\"type\":\"chat\",\"event\":\"message\",\"id\":\"" + id + "\",\"data\":{\"n\":" + n + "}}";
	}

}

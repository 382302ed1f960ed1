package io.wsstreams.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.wsstreams.protocol.CloseCodes;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write loop and close state machine of {@link StreamConnection} against a fake
 * sink: one write in flight at a time, whether the container completes writes on the
 * writing thread or later on another; the queue limit; closes while writing; pings
 * between frames; the welcome held back until the joins are done; and replays that
 * deliver each entry once.
 */
class StreamConnectionWriteLoopTests {

	private static final long QUEUE_LIMIT = 1000;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final StreamStatistics statistics = new StreamStatistics();

	@AfterEach
	void stop() {
		this.timer.shutdownNow();
	}

	@Test
	void writesInOrderWhenTheContainerCompletesOnTheWritingThread() {
		FakeSink sink = new FakeSink(true);
		StreamConnection connection = opened(sink);
		for (int i = 0; i < 100; i++) {
			assertThat(connection.send(frame("f" + i))).isTrue();
		}
		assertThat(sink.written()).hasSize(101).endsWith("f99");
		assertThat(sink.maxInFlight).isEqualTo(1);
		assertThat(connection.queuedBytes()).isZero();
	}

	@Test
	void queuesBehindTheWriteInFlightAndWritesOnCompletionOffTheContainersThread() {
		FakeSink sink = new FakeSink(false);
		StreamConnection connection = opened(sink);
		sink.completeNext();
		connection.send(frame("a"));
		connection.send(frame("b"));
		connection.send(frame("c"));
		assertThat(sink.written()).containsExactly("welcome", "a");
		assertThat(connection.queuedBytes()).isEqualTo(2);
		// The container completes "a" on a thread of its own: the next write goes to a
		// writing thread of ws-streams.
		sink.completeNext();
		await().until(() -> sink.written().size() == 3);
		assertThat(sink.written()).containsExactly("welcome", "a", "b");
		assertThat(sink.writers).last().asString().startsWith("ws-streams-write-");
		sink.completeNext();
		await().until(() -> sink.written().size() == 4);
		sink.completeNext();
		assertThat(sink.written()).containsExactly("welcome", "a", "b", "c");
		assertThat(connection.queuedBytes()).isZero();
		connection.send(frame("d"));
		assertThat(sink.written()).endsWith("d");
	}

	@Test
	void neverHasTwoWritesInFlightWithCompletionsOnOtherThreads() throws Exception {
		FakeSink sink = new FakeSink(false);
		StreamConnection connection = new StreamConnection("c1", "channel:1", null, null, Map.of(),
				settings(1 << 20), new ConnectionCloser(this.timer, Duration.ofSeconds(5)), (created) -> {
					sink.connection = created;
					return sink;
				}, this.statistics);
		connection.open(frame("welcome"));
		connection.release();
		ExecutorService completer = Executors.newSingleThreadExecutor();
		sink.onWrite = () -> completer.execute(sink::completeNext);
		sink.completeNext();
		ExecutorService publishers = Executors.newFixedThreadPool(4);
		CountDownLatch done = new CountDownLatch(4);
		for (int p = 0; p < 4; p++) {
			int publisher = p;
			publishers.execute(() -> {
				for (int i = 0; i < 500; i++) {
					connection.send(frame(publisher + ":" + i));
				}
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		await().until(() -> sink.written().size() == 2001);
		assertThat(sink.maxInFlight).isEqualTo(1);
		for (int p = 0; p < 4; p++) {
			String prefix = p + ":";
			List<String> own = sink.written().stream().filter((text) -> text.startsWith(prefix)).toList();
			assertThat(own).as("frames of publisher %d in order", p).hasSize(500);
			for (int i = 0; i < 500; i++) {
				assertThat(own.get(i)).isEqualTo(prefix + i);
			}
		}
		publishers.shutdownNow();
		completer.shutdownNow();
	}

	@Test
	void closesWithSlowConsumerWhenTheQueueWouldGoOverItsLimit() {
		FakeSink sink = new FakeSink(false);
		StreamConnection connection = opened(sink);
		sink.completeNext();
		connection.send(frame("in flight"));
		String big = "x".repeat(400);
		assertThat(connection.send(frame(big))).isTrue();
		assertThat(connection.send(frame(big))).isTrue();
		assertThat(connection.send(frame(big))).as("over the limit").isFalse();
		assertThat(connection.isOpen()).isFalse();
		assertThat(connection.queuedBytes()).isZero();
		// The close frame waits for the write in flight, then goes out.
		assertThat(sink.closed).isNotDone();
		sink.completeNext();
		assertThat(sink.closed.join().getCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
		assertThat(sink.written()).containsExactly("welcome", "in flight");
	}

	@Test
	void closeWhileWritingWaitsForTheWriteThenClosesWithoutTheQueue() {
		FakeSink sink = new FakeSink(false);
		StreamConnection connection = opened(sink);
		connection.send(frame("queued"));
		connection.close(CloseCodes.serviceRestart());
		assertThat(connection.send(frame("after close"))).isFalse();
		assertThat(sink.closed).isNotDone();
		sink.completeNext();
		assertThat(sink.closed.join().getCode()).isEqualTo(CloseCodes.SERVICE_RESTART);
		assertThat(sink.written()).containsExactly("welcome");
	}

	@Test
	void forcesACloseThatWaitsForAWriteThatNeverCompletes() {
		FakeSink sink = new FakeSink(false);
		StreamConnection connection = new StreamConnection("c1", "channel:1", null, null, Map.of(), settings(),
				new ConnectionCloser(this.timer, Duration.ofMillis(200)), (created) -> sink, this.statistics);
		connection.open(frame("welcome"));
		connection.release();
		connection.close(CloseCodes.sessionEnded());
		assertThat(sink.closed.orTimeout(5, TimeUnit.SECONDS).join().getCode()).isEqualTo(CloseCodes.SESSION_ENDED);
	}

	@Test
	void holdsTheWelcomeAndWhatFollowsUntilReleased() {
		FakeSink sink = new FakeSink(true);
		StreamConnection connection = connection(sink);
		connection.open(frame("welcome"));
		connection.send(frame("history"));
		connection.send(frame("synced"));
		assertThat(sink.written()).isEmpty();
		connection.release();
		assertThat(sink.written()).containsExactly("welcome", "history", "synced");
	}

	@Test
	void sendsAPingThatFallsDueWhileWritingRightAfterTheWriteAheadOfTheQueue() {
		FakeSink sink = new FakeSink(false);
		StreamConnection connection = opened(sink);
		connection.send(frame("queued"));
		connection.pingIfDue(System.nanoTime() + Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(25).toNanos());
		assertThat(sink.events).containsExactly("welcome");
		sink.completeNext();
		assertThat(sink.events).containsExactly("welcome", "ping", "queued");
	}

	@Test
	void pingsAnIdleSocketAtOnce() {
		FakeSink sink = new FakeSink(true);
		StreamConnection connection = opened(sink);
		connection.pingIfDue(System.nanoTime() + Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(25).toNanos());
		assertThat(sink.events).containsExactly("welcome", "ping");
		connection.send(frame("after"));
		assertThat(sink.events).containsExactly("welcome", "ping", "after");
	}

	@Test
	void deliversEachEntryOnceAcrossAReplay() {
		FakeSink sink = new FakeSink(true);
		StreamConnection connection = opened(sink);
		String topic = "channel:1:chat";
		StreamId one = StreamId.parse("1000-0");
		StreamId two = StreamId.parse("1000-1");
		StreamId three = StreamId.parse("1000-2");
		connection.beginReplay(topic);
		// A live entry arrives while the replay is read: held back.
		assertThat(connection.sendLogged(topic, two, frame("live 2"))).isTrue();
		connection.send(frame("replay 1"));
		connection.send(frame("replay 2"));
		connection.send(frame("synced"));
		connection.endReplay(topic, two);
		// A delivery of a covered entry that was already under way is dropped...
		assertThat(connection.sendLogged(topic, two, frame("late 2"))).isFalse();
		// ... until a newer one arrives: deliveries come in id order.
		assertThat(connection.sendLogged(topic, three, frame("live 3"))).isTrue();
		assertThat(connection.sendLogged(topic, one, frame("not deduplicated"))).isTrue();
		assertThat(sink.written()).containsExactly("welcome", "replay 1", "replay 2", "synced", "live 3",
				"not deduplicated");
	}

	@Test
	void releasesHeldEntriesNewerThanTheReplayInOrder() {
		FakeSink sink = new FakeSink(true);
		StreamConnection connection = opened(sink);
		String topic = "channel:1:chat";
		connection.beginReplay(topic);
		connection.sendLogged(topic, StreamId.parse("1000-1"), frame("live 1"));
		connection.sendLogged(topic, StreamId.parse("1000-2"), frame("live 2"));
		connection.sendLogged(topic, StreamId.parse("1000-3"), frame("live 3"));
		connection.send(frame("replay 1"));
		connection.send(frame("synced"));
		connection.endReplay(topic, StreamId.parse("1000-1"));
		assertThat(sink.written()).containsExactly("welcome", "replay 1", "synced", "live 2", "live 3");
	}

	@Test
	void writesTheFramesThatWaitedInOneWriteWhereTheSinkTakesSeveral() {
		FakeSink sink = new FakeSink(false, 3);
		StreamConnection connection = opened(sink);
		sink.completeNext();
		for (String text : List.of("a", "b", "c", "d", "e", "f")) {
			assertThat(connection.send(frame(text))).isTrue();
		}
		assertThat(connection.queuedBytes()).isEqualTo(5);
		sink.completeNext();
		await().until(() -> sink.written().size() == 3 && !sink.pending.isEmpty());
		assertThat(connection.queuedBytes()).isEqualTo(2);
		sink.completeNext();
		await().until(() -> sink.written().size() == 4 && !sink.pending.isEmpty());
		assertThat(sink.written()).containsExactly("welcome", "a", "b+c+d", "e+f");
		assertThat(sink.maxInFlight).isEqualTo(1);
		assertThat(connection.queuedBytes()).isZero();
		sink.completeNext();
		connection.send(frame("g"));
		assertThat(sink.written()).endsWith("g");
	}

	@Test
	void stopsABatchAtItsSizeInBytes() {
		FakeSink sink = new FakeSink(true, 64);
		StreamConnection connection = connection(sink, 4 * StreamConnection.MAX_BATCH_BYTES);
		connection.open(frame("welcome"));
		String large = "x".repeat(StreamConnection.MAX_BATCH_BYTES);
		connection.send(frame(large));
		connection.send(frame("small"));
		connection.send(frame(large));
		connection.release();
		assertThat(sink.written()).containsExactly("welcome+" + large, "small+" + large);
	}

	private StreamConnection opened(FakeSink sink) {
		StreamConnection connection = connection(sink);
		connection.open(frame("welcome"));
		connection.release();
		return connection;
	}

	private StreamConnection connection(FakeSink sink) {
		return connection(sink, QUEUE_LIMIT);
	}

	private StreamConnection connection(FakeSink sink, long queueLimit) {
		return new StreamConnection("c1", "channel:1", null, null, Map.of(), settings(queueLimit),
				new ConnectionCloser(this.timer, Duration.ofSeconds(5)), (created) -> {
					sink.connection = created;
					return sink;
				}, this.statistics);
	}

	private static ConnectionSettings settings() {
		return settings(QUEUE_LIMIT);
	}

	private static ConnectionSettings settings(long queueLimit) {
		return new ConnectionSettings(65536, queueLimit, 20, 40, Duration.ofSeconds(25), Duration.ofSeconds(60),
				Duration.ofSeconds(5));
	}

	private static OutboundFrame frame(String text) {
		return OutboundFrame.of(text);
	}

	/**
	 * A sink that records writes and pings, and completes writes at once on the writing
	 * thread, as Jetty often does, or when the test says so, as Tomcat does.
	 */
	private static final class FakeSink implements FrameSink {

		private final boolean inline;

		private final int batchLimit;

		private final List<String> events = new ArrayList<>();

		private final List<String> writers = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();

		private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

		private volatile StreamConnection connection;

		private volatile Runnable onWrite = () -> {
		};

		private int inFlight;

		private volatile int maxInFlight;

		FakeSink(boolean inline) {
			this(inline, 1);
		}

		FakeSink(boolean inline, int batchLimit) {
			this.inline = inline;
			this.batchLimit = batchLimit;
		}

		@Override
		public int batchLimit() {
			return this.batchLimit;
		}

		@Override
		public void sendAll(List<OutboundFrame> frames) {
			assertThat(frames).hasSizeBetween(2, this.batchLimit);
			sendText(String.join("+", frames.stream().map(OutboundFrame::text).toList()));
		}

		@Override
		public void sendText(String text) {
			this.writers.add(Thread.currentThread().getName());
			synchronized (this) {
				this.events.add(text);
				this.inFlight++;
				this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
			}
			if (this.inline) {
				complete();
			}
			else {
				this.pending.add(text);
				this.onWrite.run();
			}
		}

		void completeNext() {
			if (this.pending.poll() != null) {
				complete();
			}
		}

		private void complete() {
			synchronized (this) {
				this.inFlight--;
			}
			this.connection.onSendComplete(null);
		}

		synchronized List<String> written() {
			return this.events.stream().filter((event) -> !"ping".equals(event)).toList();
		}

		@Override
		public boolean isOpen() {
			return !this.closed.isDone();
		}

		@Override
		public void sendPing() {
			synchronized (this) {
				this.events.add("ping");
			}
		}

		@Override
		public void close(CloseStatus status) {
			this.closed.complete(status);
		}

	}

}

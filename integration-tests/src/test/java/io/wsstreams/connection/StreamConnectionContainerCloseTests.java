package io.wsstreams.connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.wsstreams.protocol.OutboundFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's writes leave container threads and the container's own close alone: a
 * completion on a container thread hands the next frame to ws-streams' writing threads,
 * and once the container closes the socket on its own (Tomcat answering the peer's close
 * frame) no further frame is started and the queue is dropped.
 */
class StreamConnectionContainerCloseTests {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final StreamStatistics statistics = new StreamStatistics();

	@AfterEach
	void stopTimer() {
		this.timer.shutdownNow();
	}

	@Test
	void readsTheStateOfTomcatSessions() {
		assertThat(StandardFrameSink.canReadTomcatState()).isTrue();
	}

	@Test
	void findsTheInternalsOfTomcatsRemoteEndpointThatItsSinkWrites() {
		assertThat(TomcatFrameSink.Internals.AVAILABLE).isTrue();
	}

	@Test
	void writesTheNextFrameOnAWritingThreadWhenTheContainerCompletesOnItsOwn() throws Exception {
		RecordingSink sink = new RecordingSink();
		StreamConnection connection = connection(sink);
		connection.open(OutboundFrame.of("welcome"));
		connection.send(OutboundFrame.of("second"));
		connection.release();
		assertThat(sink.texts).containsExactly("welcome");

		CompletableFuture.runAsync(() -> connection.onSendComplete(null), Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "container-exec-1");
			thread.setDaemon(true);
			return thread;
		})).get(5, TimeUnit.SECONDS);

		assertThat(sink.written.get(5, TimeUnit.SECONDS)).isEqualTo("second");
		assertThat(sink.threads.get(1)).startsWith("ws-streams-write-");
	}

	@Test
	void startsNoFrameAndDropsTheQueueOnceTheContainerClosesTheSocket() {
		RecordingSink sink = new RecordingSink();
		StreamConnection connection = connection(sink);
		connection.open(OutboundFrame.of("welcome"));
		connection.release();
		assertThat(connection.send(OutboundFrame.of("queued"))).isTrue();
		assertThat(connection.queuedBytes()).isPositive();

		sink.closing = true;
		assertThat(connection.send(OutboundFrame.of("dropped"))).isFalse();
		assertThat(connection.isOpen()).isFalse();
		assertThat(connection.queuedBytes()).isZero();
		connection.onSendComplete(null);
		connection.close(CloseStatus.SERVICE_RESTARTED);

		assertThat(sink.texts).containsExactly("welcome");
		assertThat(sink.closed).isNull();
	}

	private StreamConnection connection(FrameSink sink) {
		ConnectionSettings settings = new ConnectionSettings(65536, 1 << 20, 20, 40, Duration.ofSeconds(25),
				Duration.ofSeconds(60), Duration.ofSeconds(5));
		return new StreamConnection("c1", "channel:1", null, null, Map.of(), settings,
				new ConnectionCloser(this.timer, Duration.ofSeconds(5)), (created) -> sink, this.statistics);
	}

	/**
	 * A sink whose writes stay in flight until the test completes them, recording each
	 * frame and the thread that wrote it.
	 */
	private static final class RecordingSink implements FrameSink {

		private final List<String> texts = new CopyOnWriteArrayList<>();

		private final List<String> threads = new CopyOnWriteArrayList<>();

		private final CompletableFuture<String> written = new CompletableFuture<>();

		private volatile boolean closing;

		private volatile CloseStatus closed;

		@Override
		public void sendText(String text) {
			this.texts.add(text);
			this.threads.add(Thread.currentThread().getName());
			if (this.texts.size() == 2) {
				this.written.complete(text);
			}
		}

		@Override
		public void sendPing() {
		}

		@Override
		public boolean isClosing() {
			return this.closing;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void close(CloseStatus status) {
			this.closed = status;
		}

	}

}

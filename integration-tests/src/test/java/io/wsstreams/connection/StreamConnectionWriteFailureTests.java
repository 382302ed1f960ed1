package io.wsstreams.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.wsstreams.protocol.OutboundFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write that fails ends its connection with 1011, is counted by cause, and is logged
 * without the frame's text: at WARN when the frame could not be sent, at DEBUG when the
 * peer vanished.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamConnectionWriteFailureTests {

	private static final String SECRET_TEXT = "{\"type\":\"welcome\",\"data\":\"private words\"}";

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final StreamStatistics statistics = new StreamStatistics();

	@AfterEach
	void stopTimer() {
		this.timer.shutdownNow();
	}

	@Test
	void closesCountsAndWarnsWhenTheContainerCannotSendAFrame(CapturedOutput output) {
		FailingSink sink = new FailingSink(new IllegalArgumentException("Unmappable character " + SECRET_TEXT));
		StreamConnection connection = connection(sink);
		connection.open(OutboundFrame.of(SECRET_TEXT));
		connection.release();
		assertThat(sink.closed.join()).isEqualTo(CloseStatus.SERVER_ERROR);
		assertThat(this.statistics.writeFailuresOther()).isEqualTo(1);
		assertThat(this.statistics.writeFailuresIo()).isZero();
		assertThat(connection.isOpen()).isFalse();
		await().untilAsserted(() -> assertThat(output).contains("WARN")
			.contains("Write failed on connection c1 of stream channel:1")
			.contains(IllegalArgumentException.class.getName()));
		assertThat(output).doesNotContain("private words");
	}

	@Test
	void closesAndCountsWithoutWarningWhenThePeerVanished(CapturedOutput output) {
		FailingSink sink = new FailingSink(null);
		StreamConnection connection = connection(sink);
		connection.open(OutboundFrame.of(SECRET_TEXT));
		connection.release();
		connection.onSendComplete(new IOException("Connection reset by peer"));
		assertThat(sink.closed.join()).isEqualTo(CloseStatus.SERVER_ERROR);
		assertThat(this.statistics.writeFailuresIo()).isEqualTo(1);
		assertThat(this.statistics.writeFailuresOther()).isZero();
		assertThat(output).doesNotContain("Write failed on connection c1 of stream");
	}

	private StreamConnection connection(FrameSink sink) {
		ConnectionSettings settings = new ConnectionSettings(65536, 1 << 20, 20, 40, Duration.ofSeconds(25),
				Duration.ofSeconds(60), Duration.ofSeconds(5));
		return new StreamConnection("c1", "channel:1", null, null, Map.of(), settings,
				new ConnectionCloser(this.timer, Duration.ofSeconds(5)), (created) -> sink, this.statistics);
	}

	/**
	 * A sink whose writes throw the given failure, or never complete when it is
	 * {@code null}.
	 */
	private static final class FailingSink implements FrameSink {

		private final RuntimeException failure;

		private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

		FailingSink(RuntimeException failure) {
			this.failure = failure;
		}

		@Override
		public void sendText(String text) {
			if (this.failure != null) {
				throw this.failure;
			}
		}

		@Override
		public boolean isOpen() {
			return !this.closed.isDone();
		}

		@Override
		public void sendPing() {
		}

		@Override
		public void close(CloseStatus status) {
			this.closed.complete(status);
		}

	}

}

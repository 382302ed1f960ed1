package io.wsstreams.connection;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sweep starts its thread when started, never when made; stops and starts again with
 * its context; and ends its thread when shut down.
 */
class PeriodicSweepTests {

	@Test
	void runsOnlyWhileStartedAndEndsItsThreadOnShutdown() {
		AtomicInteger runs = new AtomicInteger();
		PeriodicSweep sweep = new PeriodicSweep("sweep-test", Duration.ofMillis(10), runs::incrementAndGet);
		assertThat(threads()).as("threads before start").isZero();
		assertThat(sweep.isRunning()).isFalse();
		sweep.start();
		await().until(() -> runs.get() >= 3);
		assertThat(threads()).isEqualTo(1);
		sweep.stop();
		assertThat(sweep.isRunning()).isFalse();
		int stoppedAt = runs.get();
		sweep.start();
		await().until(() -> runs.get() > stoppedAt + 2);
		sweep.shutdown();
		await().until(() -> threads() == 0);
		sweep.start();
		assertThat(sweep.isRunning()).as("after shutdown").isFalse();
	}

	private static long threads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("ws-streams-sweep-test-") && thread.isAlive())
			.count();
	}

}

package io.wsstreams.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstreams.connection.ConnectionRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten thousand connections opened and closed, some with a close handshake and some
 * dropped, leave nothing behind: no registered connection, stream, topic subscription,
 * user or session entry, gauges at 0 and no meter per connection.
 */
@OperationsTest
class ConnectionLeakTests extends OperationsTestSupport {

	private static final int CYCLES = 10_000;

	private static final int THREADS = 8;

	private static final String FEATURES = "echo,log,presence";

	@Autowired
	private ConnectionRegistry registry;

	@Test
	@Timeout(60)
	void tenThousandConnectAndDisconnectCyclesLeaveNoStateBehind() throws Exception {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.size() == 0);
		long metersBefore = wsStreamsMeters();
		AtomicInteger cycles = new AtomicInteger();
		AtomicInteger aborted = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				String stream = "leak:" + t;
				String token = signIn("leaker-" + t);
				workers.add(threads.submit(() -> {
					for (int cycle = cycles.getAndIncrement(); cycle < CYCLES; cycle = cycles.getAndIncrement()) {
						BareSocket socket = BareSocket.join(this.port, "stream=" + stream + "&clients=" + FEATURES,
								token);
						if (cycle % 10 == 0) {
							socket.abort();
							aborted.incrementAndGet();
						}
						else {
							socket.closeAndWait();
						}
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(aborted).hasValue(CYCLES / 10);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.registry.size()).isZero();
			assertThat(this.registry.streamCount()).isZero();
		});
		for (int t = 0; t < THREADS; t++) {
			for (String feature : FEATURES.split(",")) {
				assertThat(this.registry.subscriberCount("leak:" + t + ":" + feature)).isZero();
			}
			assertThat(this.registry.ofUser("leaker-" + t)).isEmpty();
		}
		AtomicInteger sessionsWithSockets = new AtomicInteger();
		this.registry.forEachSession((id, sockets) -> sessionsWithSockets.incrementAndGet());
		assertThat(sessionsWithSockets).hasValue(0);
		assertNothingOpen();
		assertThat(wsStreamsMeters()).isEqualTo(metersBefore);
	}

	private long wsStreamsMeters() {
		return this.meters.getMeters().stream().filter((meter) -> meter.getId().getName().startsWith("ws.streams")).count();
	}

}

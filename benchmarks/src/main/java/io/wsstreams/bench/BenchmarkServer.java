package io.wsstreams.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamPublisher;
import io.wsstreams.connection.ConnectionRegistry;
import jakarta.servlet.ServletContext;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server side of the benchmarks: one {@code pub-sub} feature, a broadcaster that
 * publishes payloads of a given size at a given rate, and a heap probe.
 */
@SpringBootApplication
public class BenchmarkServer {

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkServer.class, args);
	}

	/** The feature the benchmark clients select. */
	@StreamFeature(name = "bench")
	static class BenchFeature {

	}

	/** A {@code streams} feature, for the append rate. */
	@StreamFeature(name = "benchlog", strategy = DeliveryStrategy.STREAMS)
	static class BenchLogFeature {

	}

	@RestController
	static class BenchController {

		private final StreamPublisher publisher;

		private final ConnectionRegistry registry;

		private final ScheduledExecutorService broadcaster = Executors.newSingleThreadScheduledExecutor();

		private ScheduledFuture<?> broadcast;

		private final String serverInfo;

		BenchController(StreamPublisher publisher, ConnectionRegistry registry, ServletContext servletContext) {
			this.publisher = publisher;
			this.registry = registry;
			this.serverInfo = servletContext.getServerInfo();
		}

		@PostMapping("/bench/broadcast")
		synchronized Map<String, Object> broadcast(@RequestParam double rate, @RequestParam int size) {
			if (this.broadcast != null) {
				this.broadcast.cancel(false);
			}
			String padding = "x".repeat(Math.max(0, size - 40));
			long period = (long) (1_000_000 / rate);
			this.broadcast = this.broadcaster.scheduleAtFixedRate(() -> this.publisher.publish("bench:1", "bench",
					Map.of("t", System.nanoTime(), "p", padding)), 0, period, TimeUnit.MICROSECONDS);
			return Map.of("rate", rate, "size", size);
		}

		/**
		 * Publishes on stream {@code soak:1} at a rate on each strategy: {@code bench}
		 * ({@code pub-sub}) and {@code benchlog} ({@code streams}, numbered from 0).
		 */
		@PostMapping("/bench/soak")
		synchronized Map<String, Object> soak(@RequestParam double rate) {
			if (this.broadcast != null) {
				this.broadcast.cancel(false);
			}
			AtomicLong number = new AtomicLong();
			long period = (long) (1_000_000 / rate);
			this.broadcast = this.broadcaster.scheduleAtFixedRate(() -> {
				try {
					this.publisher.publish("soak:1", "bench", Map.of("t", System.nanoTime()));
					this.publisher.publish("soak:1", "benchlog", Map.of("n", number.getAndIncrement()));
				}
				catch (RuntimeException ex) {
					// A failed append is retried by nobody: its number is skipped, which the
					// clients count as a gap.
				}
			}, 0, period, TimeUnit.MICROSECONDS);
			return Map.of("rate", rate);
		}

		@PostMapping("/bench/stop")
		synchronized Map<String, Object> stop() {
			if (this.broadcast != null) {
				this.broadcast.cancel(false);
				this.broadcast = null;
			}
			return Map.of("stopped", true);
		}

		/**
		 * Appends to one {@code streams} topic from several threads for a while, each
		 * append waiting for its id, and reports how many appends per second succeeded.
		 */
		@PostMapping("/bench/append")
		Map<String, Object> append(@RequestParam int publishers, @RequestParam int seconds) throws Exception {
			String topic = "bench:append-" + System.nanoTime();
			AtomicLong appended = new AtomicLong();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			ExecutorService threads = Executors.newFixedThreadPool(publishers);
			long started = System.nanoTime();
			for (int i = 0; i < publishers; i++) {
				threads.submit(() -> {
					Map<String, Object> data = Map.of("p", "x".repeat(60));
					while (System.nanoTime() < deadline) {
						this.publisher.publish(topic, "benchlog", data);
						appended.incrementAndGet();
					}
				});
			}
			threads.shutdown();
			threads.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
			double elapsed = (System.nanoTime() - started) / 1e9;
			return Map.of("publishers", publishers, "appends", appended.get(), "seconds", elapsed, "perSecond",
					Math.round(appended.get() / elapsed));
		}

		@GetMapping("/bench/heap")
		Map<String, Object> heap() {
			for (int i = 0; i < 3; i++) {
				System.gc();
			}
			long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			return Map.of("used", used, "connections", this.registry.size(), "server", this.serverInfo, "threads",
					ManagementFactory.getThreadMXBean().getThreadCount());
		}

	}

}

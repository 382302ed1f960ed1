package io.wsstreams.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The publisher and probes that every server of the benchmarks runs alike: one thread
 * publishes at a fixed rate, each publication at its intended time, so that the clients
 * measure latency from when a publication was due, not from when a late publisher got
 * round to it (no coordinated omission).
 */
public final class BenchControl {

	private final BenchTarget target;

	private final String server;

	private final ExecutorService publisher = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "bench-publisher");
		thread.setDaemon(true);
		return thread;
	});

	private Future<?> job;

	public BenchControl(BenchTarget target, String server) {
		this.target = target;
		this.server = server;
	}

	/**
	 * Publishes {@code count} times at {@code rate} per second, from 200 ms from now.
	 * @param rate publications per second
	 * @param count how many, or {@link Long#MAX_VALUE} until stopped
	 * @param publication what to do at each publication's intended time
	 * @return the intended time of publication 0 ({@link System#nanoTime()})
	 */
	public synchronized long start(double rate, long count, Publication publication) {
		stop();
		long period = (long) (1_000_000_000 / rate);
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
		this.job = this.publisher.submit(() -> {
			for (long n = 0; n < count; n++) {
				long intended = start + n * period;
				for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
					LockSupport.parkNanos(wait);
					if (Thread.currentThread().isInterrupted()) {
						return;
					}
				}
				try {
					publication.publish(n, intended);
				}
				catch (RuntimeException ex) {
					// A publication that fails is not delivered, which the clients count.
				}
			}
		});
		return start;
	}

	/**
	 * Starts a run of the comparison benchmarks: with {@code groups} 0 every publication
	 * goes to {@code bench:1}; else to the own topic of each of {@code groups × 10}
	 * connections and to each group's topic.
	 * @param rate publications (or rounds of publications) per second
	 * @param count how many
	 * @param size the payload's size in bytes
	 * @param groups the number of groups of ten, or 0 for one topic
	 * @return the start and the period, in nanoseconds
	 */
	public Map<String, Object> run(double rate, long count, int size, int groups) {
		String padding = Payload.padding(size);
		long start;
		if (groups == 0) {
			start = start(rate, count, (n, t) -> this.target.publish("bench:1", new Payload(n, t, padding)));
		}
		else {
			start = start(rate, count, (n, t) -> {
				Payload payload = new Payload(n, t, padding);
				for (int i = 0; i < groups * 10; i++) {
					this.target.publish("user:" + i, payload);
				}
				for (int g = 0; g < groups; g++) {
					this.target.publish("group:" + g, payload);
				}
			});
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("start", start);
		answer.put("period", (long) (1_000_000_000 / rate));
		return answer;
	}

	/**
	 * Stops the publisher.
	 * @return the answer
	 */
	public synchronized Map<String, Object> stop() {
		if (this.job != null) {
			this.job.cancel(true);
			this.job = null;
		}
		return Map.of("stopped", true);
	}

	/**
	 * The used heap after three collections, the ready connections and the server.
	 * @return the answer
	 */
	public Map<String, Object> heap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		Map<String, Object> answer = stats();
		answer.put("used", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		return answer;
	}

	/**
	 * The ready connections and the server, without a collection.
	 * @return the answer
	 */
	public Map<String, Object> stats() {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("connections", this.target.connections());
		answer.put("server", this.server);
		answer.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
		return answer;
	}

	/**
	 * Writes an answer as JSON, for servers without a JSON library of their own.
	 * @param answer numbers, booleans and strings without quotes or backslashes
	 * @return the JSON object
	 */
	public static String json(Map<String, Object> answer) {
		StringBuilder json = new StringBuilder("{");
		answer.forEach((key, value) -> {
			json.append((json.length() > 1) ? "," : "").append('"').append(key).append("\":");
			json.append((value instanceof String) ? "\"" + value + "\"" : String.valueOf(value));
		});
		return json.append('}').toString();
	}

	/** What the publisher does at a publication's intended time. */
	@FunctionalInterface
	public interface Publication {

		/**
		 * Publishes.
		 * @param number the publication's number, from 0
		 * @param intended its intended time ({@link System#nanoTime()})
		 */
		void publish(long number, long intended);

	}

}

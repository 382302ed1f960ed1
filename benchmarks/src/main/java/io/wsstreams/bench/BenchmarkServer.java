package io.wsstreams.bench;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.StreamFeature;
import io.wsstreams.StreamPublisher;
import io.wsstreams.connection.ConnectionRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The server side of the benchmarks: one {@code pub-sub} feature, a broadcaster that
 * publishes payloads of a given size at a given rate, and a heap probe
 * ({@link BenchEndpoints}, as on the peers that {@code peers.sh} compares it with).
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

	/**
	 * What the comparison benchmarks publish through: {@code user:<i>} goes to the
	 * connections of user {@code i}, any other stream to its topic of feature {@code bench}.
	 */
	@Component
	static class StreamsTarget implements BenchTarget {

		private final StreamPublisher publisher;

		private final ConnectionRegistry registry;

		StreamsTarget(StreamPublisher publisher, ConnectionRegistry registry) {
			this.publisher = publisher;
			this.registry = registry;
		}

		@Override
		public void publish(String stream, Payload payload) {
			if (stream.startsWith("user:")) {
				this.publisher.publishToUser(stream.substring(5), "bench", payload.toMap());
			}
			else {
				this.publisher.publish(stream, "bench", payload.toMap());
			}
		}

		@Override
		public int connections() {
			return this.registry.size();
		}

	}

	/**
	 * Makes the {@code user} parameter of a request its principal, so that the clients of
	 * the many-topics benchmark each have a user of their own without signing in.
	 */
	@Component
	static class UserParameterFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String user = request.getParameter("user");
			if (user == null) {
				chain.doFilter(request, response);
				return;
			}
			Principal principal = () -> user;
			chain.doFilter(new HttpServletRequestWrapper(request) {

				@Override
				public Principal getUserPrincipal() {
					return principal;
				}

			}, response);
		}

	}

	@RestController
	static class BenchController {

		private final StreamPublisher publisher;

		private final BenchControl control;

		BenchController(StreamPublisher publisher, BenchEndpoints endpoints) {
			this.publisher = publisher;
			this.control = endpoints.control();
		}

		@PostMapping("/bench/broadcast")
		Map<String, Object> broadcast(@RequestParam double rate, @RequestParam int size) {
			String padding = Payload.padding(size);
			this.control.start(rate, Long.MAX_VALUE,
					(n, t) -> this.publisher.publish("bench:1", "bench", new Payload(n, t, padding).toMap()));
			return Map.of("rate", rate, "size", size);
		}

		/**
		 * Publishes on stream {@code soak:1} at a rate on each strategy: {@code bench}
		 * ({@code pub-sub}) and {@code benchlog} ({@code streams}, numbered from 0).
		 */
		@PostMapping("/bench/soak")
		Map<String, Object> soak(@RequestParam double rate) {
			this.control.start(rate, Long.MAX_VALUE, (n, t) -> {
				try {
					this.publisher.publish("soak:1", "bench", Map.of("t", t));
					this.publisher.publish("soak:1", "benchlog", Map.of("n", n));
				}
				catch (RuntimeException ex) {
					// A failed append is retried by nobody: its number is skipped, which the
					// clients count as a gap.
				}
			});
			return Map.of("rate", rate);
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

	}

}

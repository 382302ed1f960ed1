package io.wsstreams.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of the benchmarks, run as its own process next to the server.
 *
 * <p>{@code fanout}: opens N subscribers, starts the server's broadcaster, and over a
 * measuring window reports the server's CPU time per delivered message (read from
 * {@code /proc/<pid>/stat}) and the publish-to-receive latency (both processes read the
 * same monotonic clock). With {@code --stall 1} one extra subscriber stops reading.
 * {@code heap}: opens N idle connections and reports the server's retained heap per
 * connection.
 */
public final class LoadClient {

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private final AtomicLong received = new AtomicLong();

	private volatile boolean measuring;

	private final long[] latencies = new long[5_000_000];

	private final AtomicInteger latencyCount = new AtomicInteger();

	private LoadClient(String base) {
		this.base = base;
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String base = arg(args, "--base", "127.0.0.1:8090");
		int connections = Integer.parseInt(arg(args, "--connections", "1000"));
		LoadClient client = new LoadClient(base);
		if ("heap".equals(mode)) {
			client.heap(connections);
			// Keep the connections open for inspection of the server (jmap, jcmd).
			Thread.sleep(Long.parseLong(arg(args, "--hold", "0")) * 1000);
		}
		else {
			client.fanout(connections, Long.parseLong(arg(args, "--pid", "0")),
					Double.parseDouble(arg(args, "--rate", "20")), Integer.parseInt(arg(args, "--size", "100")),
					Integer.parseInt(arg(args, "--seconds", "30")), Integer.parseInt(arg(args, "--stall", "0")));
		}
		System.exit(0);
	}

	private void heap(int connections) throws Exception {
		long before = heapUsed();
		List<WebSocket> sockets = connect(connections, false);
		long after = heapUsed();
		String body = post("/bench/heap", "GET");
		String server = body.replaceAll(".*\"server\":\"([^\"]*)\".*", "$1");
		System.out.printf("heap on %s: %d idle connections, %.1f KiB retained per connection (%d -> %d bytes)%n",
				server, sockets.size(), (after - before) / 1024.0 / sockets.size(), before, after);
	}

	private void fanout(int connections, long pid, double rate, int size, int seconds, int stalled)
			throws Exception {
		connect(connections, false);
		if (stalled > 0) {
			connect(stalled, true);
		}
		post("/bench/broadcast?rate=" + rate + "&size=" + size);
		Thread.sleep(5000);
		long cpuBefore = cpuTicks(pid);
		long receivedBefore = this.received.get();
		this.measuring = true;
		long started = System.nanoTime();
		Thread.sleep(seconds * 1000L);
		this.measuring = false;
		long elapsed = System.nanoTime() - started;
		long cpuAfter = cpuTicks(pid);
		long deliveries = this.received.get() - receivedBefore;
		post("/bench/stop");
		double cpuMicros = (cpuAfter - cpuBefore) * 10_000.0;
		int count = Math.min(this.latencyCount.get(), this.latencies.length);
		long[] sorted = Arrays.copyOf(this.latencies, count);
		Arrays.sort(sorted);
		System.out.printf(
				"fanout: %d subscribers%s, %.0f broadcasts/s of %d B, %d deliveries in %.1f s, server CPU %.1f us per delivery, latency p50 %.2f ms p99 %.2f ms max %.2f ms%n",
				connections, (stalled > 0) ? " + " + stalled + " stalled" : "", rate, size, deliveries,
				elapsed / 1e9, cpuMicros / deliveries, percentile(sorted, 0.50), percentile(sorted, 0.99),
				(count > 0) ? sorted[count - 1] / 1e6 : 0);
	}

	private static double percentile(long[] sorted, double p) {
		return (sorted.length == 0) ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
	}

	private List<WebSocket> connect(int count, boolean stall) throws Exception {
		List<WebSocket> sockets = new ArrayList<>();
		URI uri = URI.create("ws://" + this.base + "/ws?stream=bench:1&clients=bench");
		for (int batch = 0; batch < count; batch += 100) {
			int size = Math.min(100, count - batch);
			CountDownLatch welcomed = new CountDownLatch(size);
			List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				pending.add(this.http.newWebSocketBuilder()
					.connectTimeout(Duration.ofSeconds(30))
					.buildAsync(uri, new Listener(welcomed, stall)));
			}
			for (CompletableFuture<WebSocket> socket : pending) {
				sockets.add(socket.get(60, TimeUnit.SECONDS));
			}
			if (!welcomed.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Connections were not welcomed");
			}
		}
		return sockets;
	}

	private long heapUsed() throws Exception {
		String body = post("/bench/heap", "GET");
		int start = body.indexOf("\"used\":") + 7;
		int end = start;
		while (end < body.length() && Character.isDigit(body.charAt(end))) {
			end++;
		}
		return Long.parseLong(body.substring(start, end));
	}

	private String post(String path) throws Exception {
		return post(path, "POST");
	}

	private String post(String path, String method) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + this.base + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	private static long cpuTicks(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static String arg(String[] args, String name, String fallback) {
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals(name)) {
				return args[i + 1];
			}
		}
		return fallback;
	}

	private final class Listener implements WebSocket.Listener {

		private final CountDownLatch welcomed;

		private final boolean stall;

		private final StringBuilder text = new StringBuilder();

		private boolean welcome;

		Listener(CountDownLatch welcomed, boolean stall) {
			this.welcomed = welcomed;
			this.stall = stall;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				long now = System.nanoTime();
				String frame = this.text.toString();
				this.text.setLength(0);
				if (!this.welcome) {
					this.welcome = true;
					this.welcomed.countDown();
				}
				else {
					LoadClient.this.received.incrementAndGet();
					int at = frame.indexOf("\"t\":");
					if (LoadClient.this.measuring && at >= 0) {
						int end = at + 4;
						while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
							end++;
						}
						int slot = LoadClient.this.latencyCount.getAndIncrement();
						if (slot < LoadClient.this.latencies.length) {
							LoadClient.this.latencies[slot] = now - Long.parseLong(frame, at + 4, end, 10);
						}
					}
				}
			}
			if (!this.stall || !this.welcome) {
				webSocket.request(1);
			}
			return null;
		}

	}

}

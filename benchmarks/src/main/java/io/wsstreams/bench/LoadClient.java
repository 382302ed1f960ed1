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
 * connection and, given {@code --pid}, its resident memory per connection; with
 * {@code --browser} the connections make the handshake Chromium makes (an
 * {@code Origin}, the usual request headers, and an offer of
 * {@code permessage-deflate}), on plain sockets, and report whether any was compressed.
 * {@code nodes}: subscribers on two nodes sharing a broker ({@code --base} and
 * {@code --remote}), publications on the first, latency reported per node. {@code append}:
 * the rate at which the server's own threads append to a {@code streams} topic, with
 * each number of publishers in {@code --publishers}.
 * {@code compare}: one scenario of the comparison with the peers that {@code peers.sh}
 * runs (see {@link Comparison}).
 * {@code flood}: one connection sends invalid frames (text that is not JSON, and binary
 * frames) as fast as it can for a few seconds and counts what the server answered, by
 * error code; {@code --token} signs it in with {@code X-Auth-Token}, {@code --stream}
 * and {@code --clients} choose where it connects.
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
		if ("compare".equals(mode)) {
			Comparison.main(args);
		}
		else if ("heap".equals(mode) && List.of(args).contains("--browser")) {
			client.browserHeap(connections, Long.parseLong(arg(args, "--pid", "0")));
			Thread.sleep(Long.parseLong(arg(args, "--hold", "0")) * 1000);
		}
		else if ("nodes".equals(mode)) {
			client.acrossNodes(new LoadClient(arg(args, "--remote", "127.0.0.1:8091")), connections,
					Double.parseDouble(arg(args, "--rate", "20")), Integer.parseInt(arg(args, "--size", "100")),
					Integer.parseInt(arg(args, "--seconds", "30")));
		}
		else if ("append".equals(mode)) {
			for (String publishers : arg(args, "--publishers", "1,16").split(",")) {
				System.out.println("append: " + client.post("/bench/append?publishers=" + publishers + "&seconds="
						+ arg(args, "--seconds", "10")));
			}
		}
		else if ("flood".equals(mode)) {
			client.flood(arg(args, "--token", null), arg(args, "--stream", "bench:1"), arg(args, "--clients", "bench"),
					Integer.parseInt(arg(args, "--seconds", "2")));
		}
		else if ("heap".equals(mode)) {
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

	private void browserHeap(int connections, long pid) throws Exception {
		long before = heapUsed();
		long rssBefore = rssBytes(pid);
		List<java.net.Socket> sockets = new ArrayList<>();
		int compressed = 0;
		int port = Integer.parseInt(this.base.substring(this.base.lastIndexOf(':') + 1));
		String host = this.base.substring(0, this.base.lastIndexOf(':'));
		for (int i = 0; i < connections; i++) {
			java.net.Socket socket = new java.net.Socket(host, port);
			socket.setSoTimeout(30_000);
			String request = "GET /ws?stream=bench:1&clients=bench HTTP/1.1\r\nHost: " + this.base
					+ "\r\nConnection: Upgrade\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n"
					+ "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
					+ "Chrome/131.0.0.0 Safari/537.36\r\nUpgrade: websocket\r\nOrigin: http://" + this.base
					+ "\r\nSec-WebSocket-Version: 13\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n"
					+ "Accept-Language: en-GB,en-US;q=0.9,en;q=0.8\r\n"
					+ "Cookie: theme=dark; consent=1; SESSION=YmVuY2htYXJrLXNlc3Npb24tY29va2llLXZhbHVl\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
			java.io.InputStream in = socket.getInputStream();
			StringBuilder head = new StringBuilder();
			while (!head.toString().endsWith("\r\n\r\n")) {
				int b = in.read();
				if (b < 0) {
					throw new IllegalStateException("Handshake refused: " + head);
				}
				head.append((char) b);
			}
			if (!head.toString().startsWith("HTTP/1.1 101")) {
				throw new IllegalStateException("Handshake refused: " + head);
			}
			boolean negotiated = head.toString().toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions");
			if (negotiated) {
				compressed++;
			}
			// The welcome frame: header, then its payload.
			int first = in.read();
			int length = in.read() & 0x7F;
			if (length == 126) {
				length = (in.read() << 8) | in.read();
			}
			in.readNBytes(length);
			if ((first & 0x40) != 0 && !negotiated) {
				compressed++;
			}
			sockets.add(socket);
		}
		long after = heapUsed();
		long rssAfter = rssBytes(pid);
		String body = post("/bench/heap", "GET");
		String server = body.replaceAll(".*\"server\":\"([^\"]*)\".*", "$1");
		System.out.printf(
				"heap on %s: %d idle browser-like connections (%d with an extension negotiated), %.1f KiB heap and %.1f KiB RSS per connection%n",
				server, sockets.size(), compressed, (after - before) / 1024.0 / sockets.size(),
				(rssAfter - rssBefore) / 1024.0 / sockets.size());
	}

	private void flood(String token, String stream, String clients, int seconds) throws Exception {
		java.util.Map<String, AtomicInteger> answers = new java.util.concurrent.ConcurrentSkipListMap<>();
		CountDownLatch welcomed = new CountDownLatch(1);
		CompletableFuture<String> pong = new CompletableFuture<>();
		WebSocket.Builder builder = this.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
		if (token != null) {
			builder.header("X-Auth-Token", token);
		}
		WebSocket socket = builder.buildAsync(URI.create("ws://" + this.base + "/ws?stream=" + stream + "&clients=" + clients),
				new WebSocket.Listener() {

					private final StringBuilder text = new StringBuilder();

					@Override
					public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
						this.text.append(data);
						if (last) {
							String frame = this.text.toString();
							this.text.setLength(0);
							if (frame.startsWith("{\"type\":\"welcome\"")) {
								welcomed.countDown();
							}
							else if (frame.startsWith("{\"type\":\"pong\"") && frame.contains("flood-end")) {
								pong.complete(frame);
							}
							else {
								String code = frame.replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1");
								answers.computeIfAbsent(code.startsWith("{") ? "other" : code, (key) -> new AtomicInteger())
									.incrementAndGet();
							}
						}
						webSocket.request(1);
						return null;
					}

					@Override
					public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
						pong.completeExceptionally(new IllegalStateException("Closed " + statusCode + " " + reason));
						return null;
					}

				})
			.get(30, TimeUnit.SECONDS);
		if (!welcomed.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Not welcomed");
		}
		long sent = 0;
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		java.nio.ByteBuffer binary = java.nio.ByteBuffer.wrap(new byte[] { 1, 2, 3, 4 });
		long started = System.nanoTime();
		while (System.nanoTime() < deadline) {
			if (sent % 4 == 3) {
				socket.sendBinary(binary.duplicate(), true).join();
			}
			else {
				socket.sendText("not json " + sent, true).join();
			}
			sent++;
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		socket.sendText("{\"type\":\"ping\",\"ref\":\"flood-end\"}", true).join();
		pong.get(60, TimeUnit.SECONDS);
		System.out.printf("flood: %d invalid frames (a quarter binary) in %.1f s, answered: %s; ping after the flood answered%n",
				sent, elapsed, answers);
		socket.sendClose(1000, "").join();
	}

	private static long rssBytes(long pid) throws Exception {
		if (pid <= 0) {
			return 0;
		}
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return 0;
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

	/**
	 * Subscribers on this node and on another, the broadcaster on this one: what a
	 * delivery through the broker to another node adds to the latency of a local one.
	 */
	private void acrossNodes(LoadClient remote, int connections, double rate, int size, int seconds)
			throws Exception {
		connect(connections, false);
		remote.connect(connections, false);
		post("/bench/broadcast?rate=" + rate + "&size=" + size);
		Thread.sleep(5000);
		this.measuring = true;
		remote.measuring = true;
		Thread.sleep(seconds * 1000L);
		this.measuring = false;
		remote.measuring = false;
		post("/bench/stop");
		for (LoadClient node : List.of(this, remote)) {
			int count = Math.min(node.latencyCount.get(), node.latencies.length);
			long[] sorted = Arrays.copyOf(node.latencies, count);
			Arrays.sort(sorted);
			System.out.printf(
					"nodes: %s subscribers on %s, %.0f broadcasts/s of %d B published on %s: %d deliveries measured, latency p50 %.2f ms p99 %.2f ms max %.2f ms%n",
					(node == this) ? "local" : "remote", node.base, rate, size, this.base, count,
					percentile(sorted, 0.50), percentile(sorted, 0.99), (count > 0) ? sorted[count - 1] / 1e6 : 0);
		}
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

	static String arg(String[] args, String name, String fallback) {
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

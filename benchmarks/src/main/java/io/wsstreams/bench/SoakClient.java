package io.wsstreams.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak of nodes sharing a broker: connections spread over the nodes, publications on a
 * {@code streams} and a {@code pub-sub} feature from the first node, and churn (a share
 * of the connections drop and resume with {@code since} every second, some come back
 * fresh). Each connection checks that the {@code streams} messages it sees across all of
 * its reconnections are every number once, in order. Every minute it samples each node's
 * heap after a GC, its threads and its connection count; at the end it reports the heap's
 * slope, the thread counts, the nodes' connection counts against the clients' own, and
 * the gaps and duplicates seen.
 *
 * <pre>
 * SoakClient --bases 127.0.0.1:8090,127.0.0.1:8091 --connections 2000 --minutes 10 --rate 10 --churn 20
 * </pre>
 */
public final class SoakClient {

	private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

	private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+-\\d+)\"");

	private final HttpClient http = HttpClient.newHttpClient();

	private final AtomicLong gaps = new AtomicLong();

	private final AtomicLong duplicates = new AtomicLong();

	private final AtomicLong streamsReceived = new AtomicLong();

	private final AtomicLong liveReceived = new AtomicLong();

	private final AtomicLong resumes = new AtomicLong();

	private final AtomicLong unrecovered = new AtomicLong();

	private final AtomicInteger open = new AtomicInteger();

	public static void main(String[] args) throws Exception {
		List<String> bases = List.of(arg(args, "--bases", "127.0.0.1:8090,127.0.0.1:8091").split(","));
		new SoakClient().run(bases, Integer.parseInt(arg(args, "--connections", "2000")),
				Integer.parseInt(arg(args, "--minutes", "10")), Double.parseDouble(arg(args, "--rate", "10")),
				Integer.parseInt(arg(args, "--churn", "20")));
		System.exit(0);
	}

	private void run(List<String> bases, int connections, int minutes, double rate, int churnPerSecond)
			throws Exception {
		List<Client> clients = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Client client = new Client(bases.get(i % bases.size()));
			clients.add(client);
			client.connect(false);
			if (i % 100 == 99) {
				client.awaitOpen();
			}
		}
		for (Client client : clients) {
			client.awaitOpen();
		}
		post(bases.get(0), "/bench/soak?rate=" + rate);
		System.out.printf("soak: %d connections over %s, %.0f publications/s on each strategy, churn %d/s, %d min%n",
				connections, bases, rate, churnPerSecond, minutes);
		List<List<long[]>> samples = new ArrayList<>();
		bases.forEach((base) -> samples.add(new ArrayList<>()));
		long started = System.nanoTime();
		long end = started + TimeUnit.MINUTES.toNanos(minutes);
		long nextSample = started;
		while (System.nanoTime() < end) {
			if (System.nanoTime() >= nextSample) {
				for (int i = 0; i < bases.size(); i++) {
					samples.get(i).add(sample(bases.get(i), started));
				}
				nextSample += TimeUnit.MINUTES.toNanos(1);
			}
			for (int i = 0; i < churnPerSecond; i++) {
				Client client = clients.get(ThreadLocalRandom.current().nextInt(clients.size()));
				client.reconnect(ThreadLocalRandom.current().nextInt(10) != 0);
			}
			Thread.sleep(1000);
		}
		post(bases.get(0), "/bench/stop");
		for (Client client : clients) {
			client.awaitOpen();
		}
		// The last publications in flight arrive; then the counts must match.
		Thread.sleep(5000);
		int nodesConnections = 0;
		for (int i = 0; i < bases.size(); i++) {
			long[] last = sample(bases.get(i), started);
			samples.get(i).add(last);
			nodesConnections += (int) last[3];
			System.out.printf("node %s: heap after GC %s MiB (minute by minute), slope %.1f KiB/min, threads %s%n",
					bases.get(i), column(samples.get(i), 1, 1024 * 1024), slope(samples.get(i)),
					column(samples.get(i), 2, 1));
		}
		System.out.printf(
				"soak: %d streams and %d pub-sub deliveries, %d resumes (%d not recovered), gaps %d, duplicates %d; "
						+ "connections open by the clients' count %d, by the nodes' %d%n",
				this.streamsReceived.get(), this.liveReceived.get(), this.resumes.get(), this.unrecovered.get(),
				this.gaps.get(), this.duplicates.get(), this.open.get(), nodesConnections);
	}

	/** {@code [minute, heap bytes, threads, connections]} of a node. */
	private long[] sample(String base, long started) throws Exception {
		String body = get(base, "/bench/heap");
		return new long[] { TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started), number(body, "used"),
				number(body, "threads"), number(body, "connections") };
	}

	/** Least-squares slope of heap over minutes, in KiB per minute. */
	private static double slope(List<long[]> samples) {
		int n = samples.size();
		double sumX = 0;
		double sumY = 0;
		double sumXY = 0;
		double sumXX = 0;
		for (long[] sample : samples) {
			sumX += sample[0];
			sumY += sample[1] / 1024.0;
			sumXY += sample[0] * (sample[1] / 1024.0);
			sumXX += (double) sample[0] * sample[0];
		}
		double denominator = n * sumXX - sumX * sumX;
		return (denominator == 0) ? 0 : (n * sumXY - sumX * sumY) / denominator;
	}

	private static String column(List<long[]> samples, int index, long unit) {
		return samples.stream().map((sample) -> Long.toString(sample[index] / unit)).toList().toString();
	}

	private static long number(String body, String field) {
		Matcher matcher = Pattern.compile("\"" + field + "\":(\\d+)").matcher(body);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	private String get(String base, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://" + base + path)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

	private void post(String base, String path) throws Exception {
		this.http.send(HttpRequest.newBuilder(URI.create("http://" + base + path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String arg(String[] args, String name, String fallback) {
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals(name)) {
				return args[i + 1];
			}
		}
		return fallback;
	}

	/**
	 * One client: one connection at a time, resuming from the last {@code streams} id it
	 * saw, and the next number it expects. Frames of a connection it already left are
	 * ignored.
	 */
	private final class Client {

		private final String base;

		private volatile CompletableFuture<WebSocket> opening;

		private int generation;

		private String lastId;

		/** The next number expected, or -1 until the first one after a fresh join. */
		private long expected = -1;

		Client(String base) {
			this.base = base;
		}

		synchronized void connect(boolean resume) {
			String query = "stream=soak:1&clients=bench,benchlog";
			if (resume && this.lastId != null) {
				query += "&since=benchlog:" + this.lastId;
				SoakClient.this.resumes.incrementAndGet();
			}
			else {
				this.expected = -1;
			}
			this.generation++;
			this.opening = SoakClient.this.http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(30))
				.buildAsync(URI.create("ws://" + this.base + "/ws?" + query), new Connection(this, this.generation));
		}

		void awaitOpen() throws Exception {
			this.opening.get(60, TimeUnit.SECONDS);
		}

		void reconnect(boolean resume) {
			CompletableFuture<WebSocket> current = this.opening;
			WebSocket socket = current.getNow(null);
			if (socket == null) {
				return;
			}
			synchronized (this) {
				// From now on, what the old connection still receives is ignored.
				connect(resume);
			}
			SoakClient.this.open.decrementAndGet();
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((ws, failure) -> socket.abort());
		}

		synchronized void receive(int generation, String frame) {
			if (generation != this.generation) {
				return;
			}
			if (frame.startsWith("{\"type\":\"benchlog\"")) {
				if (frame.contains("\"event\":\"synced\"")) {
					if (frame.contains("\"recovered\":false") && this.expected >= 0) {
						SoakClient.this.unrecovered.incrementAndGet();
						this.expected = -1;
					}
					return;
				}
				Matcher n = N.matcher(frame);
				Matcher id = ID.matcher(frame);
				if (!n.find() || !id.find()) {
					return;
				}
				long number = Long.parseLong(n.group(1));
				SoakClient.this.streamsReceived.incrementAndGet();
				if (this.expected >= 0) {
					if (number > this.expected) {
						SoakClient.this.gaps.addAndGet(number - this.expected);
					}
					else if (number < this.expected) {
						SoakClient.this.duplicates.incrementAndGet();
						return;
					}
				}
				this.expected = number + 1;
				this.lastId = id.group(1);
			}
			else if (frame.startsWith("{\"type\":\"bench\"")) {
				SoakClient.this.liveReceived.incrementAndGet();
			}
		}

	}

	/** One connection of a client. */
	private final class Connection implements WebSocket.Listener {

		private final Client client;

		private final int generation;

		private final StringBuilder text = new StringBuilder();

		Connection(Client client, int generation) {
			this.client = client;
			this.generation = generation;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			SoakClient.this.open.incrementAndGet();
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.client.receive(this.generation, this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

	}

}

package io.wsstreams.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

/**
 * One scenario of the comparison benchmarks against one server, run by {@code peers.sh}
 * through {@code LoadClient compare}: appends a row to {@code results.csv} in the results
 * folder, and writes the latency distribution of scenarios that measure one.
 *
 * <p>Scenarios: {@code fanout} (subscribers on one topic, publications at a rate),
 * {@code stall} (the same plus one subscriber that stops reading), {@code topics} (each
 * connection on a topic of its own and on its group's of ten, a round of publications to
 * every topic at a rate), {@code rates} (fan-out at rising rates until one is not
 * sustained: a delivery lost, or p99 at 100 ms or more, in a step and in its one repeat,
 * so that one passing disturbance does not end a climb) and {@code idle} (the server's
 * heap and resident memory per idle connection). Before it measures, the client has the
 * server collect garbage.
 *
 * <p>Latency is measured from each publication's intended send time. A delivery counts
 * as lost when it has not arrived 5 seconds after the last publication was due. CPU per
 * delivery is the server process's CPU time (from {@code /proc/<pid>/stat}) from the
 * first measured publication's intended time until the last measured delivery arrived,
 * divided by the deliveries received meanwhile.
 */
final class Comparison {

	static final String HEADER = "scenario,target,container,connections,size,rate,offered_per_s,expected,delivered,"
			+ "loss_pct,p50_ms,p99_ms,p999_ms,max_ms,cpu_us,per_cpu_s,heap_kib,rss_kib,extensions,open,server";

	private static final long GRACE = TimeUnit.SECONDS.toNanos(5);

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private final long pid;

	private final Path out;

	private final String target;

	private final String container;

	private final Subscribers subscribers;

	private Comparison(String[] args) {
		this.base = LoadClient.arg(args, "--base", "127.0.0.1:8090");
		this.pid = Long.parseLong(LoadClient.arg(args, "--pid", "0"));
		this.out = Path.of(LoadClient.arg(args, "--out", "benchmarks/results/latest"));
		this.target = LoadClient.arg(args, "--target", "ws-streams");
		this.container = LoadClient.arg(args, "--container", "tomcat");
		this.subscribers = new Subscribers(this.base, Subscribers.Protocol
			.valueOf(LoadClient.arg(args, "--protocol", "streams").toUpperCase(Locale.ROOT)));
	}

	static void main(String[] args) throws Exception {
		Comparison comparison = new Comparison(args);
		String scenario = LoadClient.arg(args, "--scenario", "fanout");
		int connections = Integer.parseInt(LoadClient.arg(args, "--connections", "1000"));
		int size = Integer.parseInt(LoadClient.arg(args, "--size", "100"));
		double rate = Double.parseDouble(LoadClient.arg(args, "--rate", "20"));
		double warmup = Double.parseDouble(LoadClient.arg(args, "--warmup", "5"));
		double seconds = Double.parseDouble(LoadClient.arg(args, "--seconds", "20"));
		Files.createDirectories(comparison.out.resolve("hgrm"));
		try {
			comparison.awaitConnections(0, 60);
		}
		catch (IllegalStateException ex) {
			System.out.println("warning: " + ex.getMessage() + " before the scenario, which starts all the same");
		}
		try {
			switch (scenario) {
				case "idle" -> comparison.idle(connections, List.of(args).contains("--browser"));
				case "rates" -> comparison.rates(connections, size, LoadClient.arg(args, "--steps", "10,20,50,100"),
						warmup, seconds);
				case "topics" -> comparison.topics(connections, size, rate, warmup, seconds);
				default -> comparison.fanout(scenario, connections, size, rate, warmup, seconds,
						"stall".equals(scenario), Integer.parseInt(LoadClient.arg(args, "--repeat", "1")));
			}
		}
		finally {
			comparison.subscribers.close();
		}
	}

	/**
	 * Subscribers on one topic, publications at a rate: measured {@code repeats} times on
	 * the same connections, recording the measurement with the median CPU per delivery, so
	 * that one measurement disturbed by the machine does not decide a comparison.
	 */
	private void fanout(String scenario, int connections, int size, double rate, double warmup, double seconds,
			boolean stall, int repeats) throws Exception {
		this.subscribers.connect(connections, false, false, false);
		if (stall) {
			this.subscribers.connect(1, false, true, false);
		}
		awaitConnections(connections + (stall ? 1 : 0), 120);
		collect();
		List<Measurement> measurements = new ArrayList<>();
		for (int i = 0; i < Math.max(1, repeats); i++) {
			if (i > 0) {
				drain();
			}
			Measurement measurement = measure(connections, 1, size, rate, 0, warmup, seconds);
			measurements.add(measurement);
			if (repeats > 1) {
				System.out.printf(Locale.ROOT, "repeat %d of %d: %.2f µs per delivery, p99 %.2f ms%n", i + 1, repeats,
						measurement.cpuMicrosPerDelivery(), measurement.histogram().getValueAtPercentile(99) / 1000.0);
			}
		}
		measurements.sort(Comparator.comparingDouble(Measurement::cpuMicrosPerDelivery));
		record(scenario, connections, size, rate, connections * rate, measurements.get(measurements.size() / 2));
	}

	private void topics(int connections, int size, double rate, double warmup, double seconds) throws Exception {
		int groups = connections / 10;
		this.subscribers.connect(groups * 10, true, false, false);
		awaitConnections(groups * 10, 120);
		collect();
		Measurement measurement = measure(groups * 10, 2, size, rate, groups, warmup, seconds);
		record("topics", groups * 10, size, rate, groups * 20 * rate, measurement);
	}

	private void rates(int connections, int size, String steps, double warmup, double seconds) throws Exception {
		this.subscribers.connect(connections, false, false, false);
		awaitConnections(connections, 120);
		collect();
		boolean first = true;
		for (String step : steps.split(",")) {
			double rate = Double.parseDouble(step);
			boolean sustained = false;
			for (int attempt = 0; attempt < 2 && !sustained; attempt++) {
				if (!first) {
					drain();
				}
				first = false;
				Measurement measurement = measure(connections, 1, size, rate, 0, warmup, seconds);
				record("rates", connections, size, rate, connections * rate, measurement);
				sustained = measurement.sustained();
				if (this.subscribers.open() < connections) {
					return;
				}
			}
			if (!sustained) {
				return;
			}
		}
	}

	private void idle(int connections, boolean browser) throws Exception {
		long heapBefore = number(get("/bench/heap"), "used");
		long rssBefore = rss();
		this.subscribers.connect(connections, false, false, browser);
		awaitConnections(connections, 120);
		String heap = get("/bench/heap");
		long heapAfter = number(heap, "used");
		long rssAfter = rss();
		StringBuilder row = row(browser ? "idle-browser" : "idle", connections, 0, 0, 0);
		row.append(",,,,,,,,,");
		row.append(String.format(Locale.ROOT, ",%.1f,%.1f,%d,%d,%s", (heapAfter - heapBefore) / 1024.0 / connections,
				(rssAfter - rssBefore) / 1024.0 / connections, this.subscribers.extensions(), this.subscribers.open(),
				server(heap)));
		append(row);
	}

	private Measurement measure(int connections, int topicsPerConnection, int size, double rate, int groups,
			double warmup, double seconds) throws Exception {
		long from = Math.round(warmup * rate);
		long count = from + Math.max(1, Math.round(seconds * rate));
		String answer = post("/bench/run?rate=" + rate + "&count=" + count + "&size=" + size + "&groups=" + groups);
		long start = number(answer, "start");
		long period = number(answer, "period");
		long last = start + (count - 1) * period;
		long deadline = last + GRACE;
		this.subscribers.window(from, count, deadline);
		parkUntil(start + from * period);
		long cpuBefore = cpuTicks();
		long receivedBefore = this.subscribers.received();
		long expected = (count - from) * connections * topicsPerConnection;
		while (this.subscribers.measured() < expected && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		long cpuAfter = cpuTicks();
		long deliveries = this.subscribers.received() - receivedBefore;
		post("/bench/stop");
		double cpuSeconds = (cpuAfter - cpuBefore) / 100.0;
		Histogram histogram = this.subscribers.histogram();
		return new Measurement(expected, this.subscribers.measured(), histogram, cpuSeconds, deliveries);
	}

	/**
	 * Has the server collect garbage before a measurement, so that every server starts it
	 * with its connections' state in the old generation, as on a server that has been up a
	 * while. Without it the first young collections after the connections opened copy that
	 * state (about 14 MB for 1000 connections of ws-streams) in a pause of 70 to 110 ms on
	 * one core, which lands in whichever step of a climb runs 20 to 40 seconds later.
	 */
	private void collect() throws Exception {
		get("/bench/heap");
	}

	/** Waits until no delivery arrived for a second, for at most 15 seconds. */
	private void drain() throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		long last = -1;
		while (System.nanoTime() < deadline && this.subscribers.received() != last) {
			last = this.subscribers.received();
			Thread.sleep(1000);
		}
	}

	private void record(String scenario, int connections, int size, double rate, double offered,
			Measurement measurement) throws Exception {
		Histogram histogram = measurement.histogram();
		StringBuilder row = row(scenario, connections, size, rate, offered);
		row.append(String.format(Locale.ROOT, ",%d,%d,%.3f,%.2f,%.2f,%.2f,%.2f,%.2f,%.0f,,,%d,%d,%s",
				measurement.expected(), measurement.delivered(), measurement.lossPercent(),
				histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
				histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0,
				measurement.cpuMicrosPerDelivery(), measurement.perCpuSecond(), this.subscribers.extensions(),
				this.subscribers.open(), server(get("/bench/stats"))));
		append(row);
		String name = String.format(Locale.ROOT, "%s-%s-%s-%d-%d-%.0f.hgrm", scenario, this.target, this.container,
				connections, size, rate);
		try (PrintStream file = new PrintStream(this.out.resolve("hgrm").resolve(name).toFile())) {
			histogram.outputPercentileDistribution(file, 1000.0);
		}
	}

	private StringBuilder row(String scenario, int connections, int size, double rate, double offered) {
		return new StringBuilder(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.1f,%.0f", scenario, this.target,
				this.container, connections, size, rate, offered));
	}

	private void append(StringBuilder row) throws Exception {
		Path results = this.out.resolve("results.csv");
		if (!Files.exists(results)) {
			Files.writeString(results, HEADER + "\n");
		}
		Files.writeString(results, row + "\n", StandardOpenOption.APPEND);
		System.out.println(HEADER);
		System.out.println(row);
	}

	private void awaitConnections(int expected, int seconds) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		long connections;
		do {
			connections = number(get("/bench/stats"), "connections");
			if (connections == expected) {
				return;
			}
			Thread.sleep(100);
		}
		while (System.nanoTime() < deadline);
		throw new IllegalStateException("The server has " + connections + " connections, not " + expected);
	}

	private long cpuTicks() throws Exception {
		String stat = Files.readString(Path.of("/proc/" + this.pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private long rss() throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/" + this.pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return 0;
	}

	private static void parkUntil(long time) {
		for (long wait = time - System.nanoTime(); wait > 0; wait = time - System.nanoTime()) {
			LockSupport.parkNanos(wait);
		}
	}

	private String get(String path) throws Exception {
		return send(HttpRequest.newBuilder(URI.create("http://" + this.base + path)).GET().build());
	}

	private String post(String path) throws Exception {
		return send(HttpRequest.newBuilder(URI.create("http://" + this.base + path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private String send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	private static long number(String json, String key) {
		Matcher matcher = Pattern.compile("\"" + key + "\":(-?[0-9]+)").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + key + " in " + json);
		}
		return Long.parseLong(matcher.group(1));
	}

	private static String server(String json) {
		Matcher matcher = Pattern.compile("\"server\":\"([^\"]*)\"").matcher(json);
		return matcher.find() ? matcher.group(1).replace(',', ' ') : "";
	}

	/** What one measured run gave. */
	private record Measurement(long expected, long delivered, Histogram histogram, double cpuSeconds,
			long deliveries) {

		double lossPercent() {
			return 100.0 * (this.expected - Math.min(this.delivered, this.expected)) / this.expected;
		}

		double cpuMicrosPerDelivery() {
			return (this.deliveries > 0) ? this.cpuSeconds * 1e6 / this.deliveries : 0;
		}

		double perCpuSecond() {
			return (this.cpuSeconds > 0) ? this.deliveries / this.cpuSeconds : 0;
		}

		boolean sustained() {
			return this.delivered >= this.expected && this.histogram.getValueAtPercentile(99) < 100_000;
		}

	}

}

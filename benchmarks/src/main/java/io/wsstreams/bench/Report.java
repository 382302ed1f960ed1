package io.wsstreams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes {@code docs/benchmarks.md} and its SVG plots from the results of one run of
 * {@code peers.sh}: its {@code results.csv} and {@code machine.txt}.
 *
 * <p>Arguments: the results folder and the report's path; the plots go to a folder named
 * as the report without {@code .md}.
 */
public final class Report {

	/** The servers in the order of the tables, with their names there. */
	private static final Map<String, String> TARGETS = new LinkedHashMap<>();

	static {
		TARGETS.put("ws-streams:tomcat", "ws-streams, Tomcat");
		TARGETS.put("ws-streams:jetty", "ws-streams, Jetty");
		TARGETS.put("stomp:tomcat", "STOMP simple broker, Tomcat");
		TARGETS.put("stomp:jetty", "STOMP simple broker, Jetty");
		TARGETS.put("handler:tomcat", "hand-written handler, Tomcat");
		TARGETS.put("handler:jetty", "hand-written handler, Jetty");
		TARGETS.put("netty:netty", "Netty");
	}

	private final List<Map<String, String>> rows = new ArrayList<>();

	private final Map<String, String> machine = new LinkedHashMap<>();

	private final List<String> targets = new ArrayList<>();

	private final List<String> added = new ArrayList<>();

	private final Path plots;

	private final String plotsLink;

	private final StringBuilder md = new StringBuilder();

	private Report(Path results, Path report) throws Exception {
		List<String> lines = Files.readAllLines(results.resolve("results.csv"));
		String[] header = lines.get(0).split(",", -1);
		for (String line : lines.subList(1, lines.size())) {
			String[] values = line.split(",", -1);
			Map<String, String> row = new LinkedHashMap<>();
			for (int i = 0; i < header.length && i < values.length; i++) {
				row.put(header[i], values[i]);
			}
			this.rows.add(row);
		}
		for (String line : Files.readAllLines(results.resolve("machine.txt"))) {
			int colon = line.indexOf(": ");
			if (line.startsWith("added: ")) {
				this.added.add(line.substring(colon + 2));
			}
			else if (colon > 0) {
				this.machine.put(line.substring(0, colon), line.substring(colon + 2));
			}
		}
		for (String target : TARGETS.keySet()) {
			if (this.rows.stream().anyMatch((row) -> target.equals(key(row)))) {
				this.targets.add(target);
			}
		}
		String name = report.getFileName().toString().replaceFirst("\\.md$", "");
		this.plots = report.resolveSibling(name);
		this.plotsLink = name;
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of(args[0]);
		Path report = Path.of((args.length > 1) ? args[1] : "docs/benchmarks.md");
		new Report(results, report).write(results, report);
	}

	private void write(Path results, Path report) throws Exception {
		Files.createDirectories(this.plots);
		String mode = this.machine.getOrDefault("mode", "full");
		line("# Benchmarks: ws-streams beside its peers");
		line("");
		line("Written by `benchmarks/peers.sh` from the run whose raw results are in `" + results + "`. "
				+ ("quick".equals(mode)
						? "**This run was the `--quick` smoke test**: every scenario small and short, so its figures show that the benchmark works end to end, not what the servers cost."
						: "This run was the full one."));
		line("");
		line("Every server runs pinned to CPU 0 and the load client to CPU 1 (`taskset`), on loopback, one server "
				+ "after the other within this run, scenario by scenario: every server runs a scenario before any "
				+ "runs the next, so that the servers compared in a scenario ran minutes apart. Absolute figures "
				+ "move with the machine's load and speed; compare servers within one run, as the ratios below do.");
		line("");
		line("```bash");
		line("./mvnw -q -DskipTests package");
		line(this.machine.getOrDefault("command", "benchmarks/peers.sh").trim());
		line("```");
		line("");
		line("| machine | |");
		line("| --- | --- |");
		for (String key : List.of("date", "cpus", "cpu", "memory", "jdk", "kernel", "revision", "elapsed", "load at start",
				"load at end", "load during the run")) {
			if (this.machine.containsKey(key)) {
				line("| " + key + " | " + this.machine.get(key) + " |");
			}
		}
		line("| servers | " + String.join("; ", servers()) + " |");
		line("");
		if (!this.added.isEmpty()) {
			line("Measurements repeated later into the same results folder, which replace the run's own where "
					+ "both exist:");
			line("");
			for (String each : this.added) {
				line("- " + each.trim());
			}
			line("");
		}
		goals();
		fanout();
		rates();
		idle();
		method();
		Files.writeString(report, this.md.toString());
	}

	private void goals() {
		line("## The goals, as ratios within this run");
		line("");
		line("| goal | measured | ratio | met |");
		line("| --- | --- | --- | --- |");
		ratio("Tomcat: CPU per delivery ≤ the hand-written handler's (1000 subscribers, 100 B)", "ws-streams:tomcat",
				"handler:tomcat", this::fanoutCpu, 1.0, true, "µs");
		ratio("Jetty: CPU per delivery ≤ 1.15 × Netty's (1000 subscribers, 100 B)", "ws-streams:jetty", "netty:netty",
				this::fanoutCpu, 1.15, true, "µs");
		ratio("Tomcat: highest sustained rate ≥ 0.8 × Netty's", "ws-streams:tomcat", "netty:netty", this::sustained, 0.8,
				false, "deliveries/s");
		ratio("Jetty: highest sustained rate ≥ 0.8 × Netty's", "ws-streams:jetty", "netty:netty", this::sustained, 0.8,
				false, "deliveries/s");
		for (String container : List.of("tomcat", "jetty")) {
			double before = "tomcat".equals(container) ? 22 : 16;
			for (String scenario : List.of("idle", "idle-browser")) {
				Map<String, String> row = largest(scenario, "ws-streams:" + container);
				if (row != null) {
					double heap = number(row, "heap_kib");
					line(String.format(Locale.ROOT, "| %s: heap per idle connection%s ≤ ≈%.0f KiB | %.1f KiB (%s connections) | %.2f | %s |",
							title(container), "idle-browser".equals(scenario) ? ", browser's handshake" : "", before,
							heap, row.get("connections"), heap / before, (heap <= before) ? "yes" : "no"));
				}
			}
		}
		line("");
		line("For reference, the same ratios against the other baseline:");
		line("");
		line("| comparison | measured | ratio |");
		line("| --- | --- | --- |");
		for (String[] pair : new String[][] { { "ws-streams:tomcat", "netty:netty" }, { "ws-streams:jetty", "handler:jetty" },
				{ "ws-streams:tomcat", "stomp:tomcat" }, { "ws-streams:jetty", "stomp:jetty" } }) {
			double mine = fanoutCpu(pair[0]);
			double theirs = fanoutCpu(pair[1]);
			if (!Double.isNaN(mine) && !Double.isNaN(theirs)) {
				line(String.format(Locale.ROOT, "| CPU per delivery, %s / %s | %.1f / %.1f µs | %.2f |",
						TARGETS.get(pair[0]), TARGETS.get(pair[1]), mine, theirs, mine / theirs));
			}
		}
		for (String[] pair : new String[][] { { "ws-streams:tomcat", "handler:tomcat" }, { "ws-streams:jetty", "handler:jetty" } }) {
			double mine = sustained(pair[0]);
			double theirs = sustained(pair[1]);
			if (!Double.isNaN(mine) && !Double.isNaN(theirs) && theirs > 0) {
				line(String.format(Locale.ROOT, "| highest sustained rate, %s / %s | %s / %s deliveries/s | %.2f |",
						TARGETS.get(pair[0]), TARGETS.get(pair[1]), SvgChart.format(mine), SvgChart.format(theirs),
						mine / theirs));
			}
		}
		line("");
	}

	private void ratio(String goal, String mine, String theirs, ToDoubleFunction<String> measure, double bound,
			boolean atMost, String unit) {
		double a = measure.applyAsDouble(mine);
		double b = measure.applyAsDouble(theirs);
		if (Double.isNaN(a) || Double.isNaN(b)) {
			line("| " + goal + " | not measured | | |");
			return;
		}
		if (b <= 0) {
			line(String.format(Locale.ROOT, "| %s | %s / %s %s | n/a | %s |", goal, SvgChart.format(a),
					SvgChart.format(b), unit, "n/a"));
			return;
		}
		double ratio = a / b;
		boolean met = atMost ? ratio <= bound : ratio >= bound;
		line(String.format(Locale.ROOT, "| %s | %s / %s %s | %.2f | %s |", goal, SvgChart.format(a), SvgChart.format(b),
				unit, ratio, met ? "yes" : "no"));
	}

	private void fanout() throws Exception {
		line("## Fan-out");
		line("");
		line("Subscribers on one topic and publications at a fixed rate; `topics`: each connection on a topic of "
				+ "its own and on its group's of ten, a round of publications to every topic at a rate; `stall`: "
				+ "the fan-out plus one subscriber that stops reading (the figures are the others'). Latency is "
				+ "measured from each publication's intended send time; CPU is the server process's per delivery.");
		line("");
		List<String[]> scenarios = new ArrayList<>();
		for (Map<String, String> row : this.rows) {
			String scenario = row.get("scenario");
			if (List.of("fanout", "topics", "stall").contains(scenario)) {
				String[] id = { scenario, row.get("connections"), row.get("size"), row.get("rate") };
				if (scenarios.stream().noneMatch((each) -> Arrays.equals(each, id))) {
					scenarios.add(id);
				}
			}
		}
		List<String> groups = new ArrayList<>();
		double[][] cpu = new double[this.targets.size()][scenarios.size()];
		for (int s = 0; s < scenarios.size(); s++) {
			String[] id = scenarios.get(s);
			String name = describe(id);
			groups.add(shortName(id));
			line("### " + name);
			line("");
			line("| server | CPU per delivery | deliveries per CPU-second | p50 | p99 | p99.9 | max | lost |");
			line("| --- | --- | --- | --- | --- | --- | --- | --- |");
			for (int t = 0; t < this.targets.size(); t++) {
				Map<String, String> row = find(id, this.targets.get(t));
				cpu[t][s] = (row != null) ? number(row, "cpu_us") : Double.NaN;
				if (row != null) {
					line(String.format(Locale.ROOT, "| %s | %.1f µs | %s | %s | %s | %s | %s | %s |",
							TARGETS.get(this.targets.get(t)), number(row, "cpu_us"), SvgChart.format(number(row, "per_cpu_s")),
							millis(row, "p50_ms"), millis(row, "p99_ms"), millis(row, "p999_ms"), millis(row, "max_ms"),
							lost(row)));
				}
			}
			line("");
		}
		if (!scenarios.isEmpty()) {
			plot("cpu-per-delivery.svg", SvgChart.bars("Server CPU per delivery (lower is better)", "µs per delivery",
					groups, names(), cpu), "Server CPU per delivery");
		}
	}

	private void rates() throws Exception {
		line("## Highest sustained rate on one core");
		line("");
		line("1000 subscribers on one topic, 100 B payloads, publications at rising rates, after the server "
				+ "collected garbage once the subscribers had connected; a rate is sustained when every delivery "
				+ "arrived within 5 s of the last publication's intended time and p99 stayed under 100 ms. A step "
				+ "that is not sustained runs once more, so that one passing disturbance (a neighbour on a shared "
				+ "machine, a collection) does not end a climb; the climb stops at the first rate not sustained "
				+ "twice.");
		line("");
		line("| server | highest sustained rate | deliveries per CPU-second there | at 100,000 offered per second: delivered per CPU-second, lost, p99 |");
		line("| --- | --- | --- | --- |");
		List<String> series = new ArrayList<>();
		List<double[]> xs = new ArrayList<>();
		List<double[]> p99s = new ArrayList<>();
		List<double[]> efficiency = new ArrayList<>();
		for (String target : this.targets) {
			List<Map<String, String>> steps = latestClimb(target);
			if (steps.isEmpty()) {
				continue;
			}
			Map<String, String> best = sustainedStep(target);
			steps = lastAttempts(steps);
			Map<String, String> hundred = steps.stream()
				.filter((row) -> number(row, "offered_per_s") == 100_000)
				.findFirst()
				.orElse(null);
			line(String.format(Locale.ROOT, "| %s | %s | %s | %s |", TARGETS.get(target),
					(best != null) ? SvgChart.format(number(best, "offered_per_s")) + " deliveries/s" : "none",
					(best != null) ? SvgChart.format(number(best, "per_cpu_s")) : "",
					(hundred != null) ? SvgChart.format(number(hundred, "per_cpu_s")) + ", " + lost(hundred) + ", "
							+ millis(hundred, "p99_ms") : "not reached"));
			series.add(TARGETS.get(target));
			xs.add(steps.stream().mapToDouble((row) -> number(row, "offered_per_s") / 1000).toArray());
			p99s.add(steps.stream().mapToDouble((row) -> number(row, "p99_ms")).toArray());
			efficiency.add(steps.stream().mapToDouble((row) -> number(row, "per_cpu_s") / 1000).toArray());
		}
		line("");
		line("Every step (offered deliveries per second: p99, lost):");
		line("");
		line("| server | steps |");
		line("| --- | --- |");
		for (String target : this.targets) {
			List<List<Map<String, String>>> climbs = climbs(target);
			for (int i = 0; i < climbs.size(); i++) {
				StringBuilder steps = new StringBuilder();
				List<Map<String, String>> climb = climbs.get(i);
				for (int j = 0; j < climb.size(); j++) {
					Map<String, String> row = climb.get(j);
					boolean repeat = j > 0 && sameStep(climb.get(j - 1), row);
					steps.append((steps.length() > 0) ? "; " : "")
						.append(SvgChart.format(number(row, "offered_per_s")))
						.append(repeat ? " again" : "")
					.append(": ")
					.append(millis(row, "p99_ms"))
					.append(", ")
					.append(lost(row))
					.append((number(row, "open") < number(row, "connections"))
							? ", " + SvgChart.format(number(row, "connections") - number(row, "open")) + " connections closed"
							: "");
				}
				String label = (i < climbs.size() - 1) ? " (first climb, replaced by the next)" : "";
				line("| " + TARGETS.get(target) + label + " | " + steps + " |");
			}
		}
		line("");
		if (!series.isEmpty()) {
			double[][] x = xs.toArray(new double[0][]);
			plot("rates-p99.svg", SvgChart.lines("p99 latency by offered rate", "offered, thousand deliveries/s",
					"p99, ms (log)", series, x, p99s.toArray(new double[0][]), true), "p99 latency by offered rate");
			plot("rates-efficiency.svg", SvgChart.lines("Deliveries per CPU-second by offered rate",
					"offered, thousand deliveries/s", "thousand deliveries per CPU-second", series, x,
					efficiency.toArray(new double[0][]), false), "Deliveries per CPU-second by offered rate");
		}
	}

	private void idle() throws Exception {
		line("## Idle connections");
		line("");
		line("The server's used heap after `System.gc()` and its resident memory (`VmRSS`) before and after opening "
				+ "the connections, per connection. A browser's handshake carries an `Origin`, the usual headers and "
				+ "cookies and an offer of `permessage-deflate`; the last column counts the connections that "
				+ "negotiated it.");
		line("");
		List<String[]> scenarios = new ArrayList<>();
		for (Map<String, String> row : this.rows) {
			if (row.get("scenario").startsWith("idle")) {
				String[] id = { row.get("scenario"), row.get("connections") };
				if (scenarios.stream().noneMatch((each) -> Arrays.equals(each, id))) {
					scenarios.add(id);
				}
			}
		}
		line("| server | " + String.join(" | ", scenarios.stream().map(this::idleName).toList())
				+ " |");
		line("| --- |" + " --- |".repeat(scenarios.size()));
		double[][] heap = new double[this.targets.size()][scenarios.size()];
		for (int t = 0; t < this.targets.size(); t++) {
			StringBuilder cells = new StringBuilder("| " + TARGETS.get(this.targets.get(t)) + " |");
			for (int s = 0; s < scenarios.size(); s++) {
				String[] id = scenarios.get(s);
				String target = this.targets.get(t);
				Map<String, String> row = this.rows.stream()
					.filter((each) -> id[0].equals(each.get("scenario")) && id[1].equals(each.get("connections"))
							&& target.equals(key(each)))
					.reduce((first, second) -> second)
					.orElse(null);
				heap[t][s] = (row != null) ? number(row, "heap_kib") : Double.NaN;
				cells.append((row != null) ? String.format(Locale.ROOT, " %s / %s KiB%s |", row.get("heap_kib"),
						row.get("rss_kib"), id[0].endsWith("browser") ? ", " + row.get("extensions") + " compressed" : "")
						: " |");
			}
			line(cells.toString());
		}
		line("");
		line("Cells: heap / resident memory per connection.");
		line("");
		if (!scenarios.isEmpty()) {
			plot("idle-heap.svg", SvgChart.bars("Heap per idle connection (lower is better)", "KiB per connection",
					scenarios.stream().map(this::idleName).toList(), names(), heap), "Heap per idle connection");
		}
	}

	private void method() {
		line("## How it is measured");
		line("");
		line("- **The servers.** `BenchmarkServer` (ws-streams, one `pub-sub` feature); `StompPeer` (Spring's "
				+ "`@EnableWebSocketMessageBroker` with `enableSimpleBroker(\"/topic\")`, clients `SUBSCRIBE`); "
				+ "`HandlerPeer` (a `TextWebSocketHandler` keeping its sessions in "
				+ "`ConcurrentWebSocketSessionDecorator`s, 10 s and 512 KiB, and sending one `TextMessage` to all); "
				+ "`NettyPeer` (Netty with NIO, one pre-encoded `TextWebSocketFrame` written to a `ChannelGroup`, "
				+ "which writes a retained duplicate to every channel). Each runs alone, in its own JVM "
				+ "(`-Xmx4g`; pinned to one core, so the JVM picks the serial collector), with its container's "
				+ "defaults but two: Tomcat accepts 30,000 connections (`server.tomcat.max-connections`; 8192 by "
				+ "default), and the Spring peers on Jetty keep an idle WebSocket for 10 minutes (Jetty closes it "
				+ "after 30 s; ws-streams sets its own timeout and pings).");
		line("- **The same load.** Every server publishes from one thread of `BenchControl` at a fixed rate; "
				+ "each publication is due at `start + n × period` and carries its number `n` and that intended "
				+ "time `t` (`System.nanoTime()`, which every process on a Linux machine reads from the same "
				+ "monotonic clock). A publisher that falls behind publishes late, and the lateness counts in the "
				+ "latency: nothing is omitted when the server is slow. The peers send the frame ws-streams "
				+ "sends for the same payload (STOMP adds its headers), built once per publication; ws-streams "
				+ "serializes the payload once per publication.");
		line("- **The client.** `LoadClient compare`: Netty connections on one event loop, from eight loopback "
				+ "source addresses, that read `n` and `t` from each frame and record receive time − `t` in an "
				+ "HdrHistogram. A delivery lost is one not received 5 s after the last publication's intended "
				+ "time. CPU per delivery is the server process's user and system time from `/proc/<pid>/stat` "
				+ "from the first measured publication to the last measured delivery, divided by the deliveries "
				+ "received meanwhile. At the highest rates the client, on its one core, may be what limits, "
				+ "which the deliveries per CPU-second of the server then show.");
		line("- **Repeated where the goals compare.** Fan-out to 1000 subscribers of 100 B is measured three "
				+ "times on the same connections, one after the other; the table shows the measurement with the "
				+ "median CPU per delivery (each one is in `client.log`).");
		line("- **Before measuring**, once its subscribers are connected, every server collects garbage "
				+ "(`System.gc()`, three times), so that each starts with its connections' state in the old "
				+ "generation, as a server that has been up a while has it. Otherwise the first young "
				+ "collections after the connections opened copy that state, in a one-time pause that lands in "
				+ "whichever measurement runs then (for 1000 ws-streams connections on one core, 70 to 110 ms "
				+ "with the serial collector).");
		line("- **The stalled subscriber** stops reading once subscribed and has a 2 KiB receive buffer, so "
				+ "that the server's side of its socket fills within seconds and the server has to queue, drop "
				+ "or block.");
		line("- **Idle connections.** Each count on a freshly started server (containers keep pools of what "
				+ "closed connections used): the server's heap after `System.gc()` before and after, divided by "
				+ "the connections; each connection subscribed (STOMP: `CONNECT` and `SUBSCRIBE`). A process "
				+ "may hold at most `ulimit -Hn` descriptors, so where that limit is under 20,500 the largest "
				+ "count is 500 below it.");
		line("- **Raw data.** `results.csv` (one row per measurement) and the latency distributions "
				+ "(`hgrm/`, HdrHistogram's percentile output in ms) in the results folder; `client.log` and the "
				+ "servers' logs beside them.");
		line("");
	}

	private void plot(String file, String svg, String alt) throws Exception {
		Files.writeString(this.plots.resolve(file), svg);
		line("![" + alt + "](" + this.plotsLink + "/" + file + ")");
		line("");
	}

	private double fanoutCpu(String target) {
		Map<String, String> row = find(new String[] { "fanout", "1000", "100", null }, target);
		return (row != null) ? number(row, "cpu_us") : Double.NaN;
	}

	private double sustained(String target) {
		if (this.rows.stream().noneMatch((row) -> "rates".equals(row.get("scenario")) && target.equals(key(row)))) {
			return Double.NaN;
		}
		Map<String, String> best = sustainedStep(target);
		return (best != null) ? number(best, "offered_per_s") : 0;
	}

	/**
	 * A server's climbs through the rising rates, in the order they ran, each step's repeat
	 * right after it: a climb repeated later into the same results replaces the first, as any
	 * repeated measurement does.
	 */
	private List<List<Map<String, String>>> climbs(String target) {
		List<List<Map<String, String>>> climbs = new ArrayList<>();
		List<Map<String, String>> climb = null;
		for (Map<String, String> row : this.rows) {
			if ("rates".equals(row.get("scenario")) && target.equals(key(row))) {
				if (climb == null
						|| number(row, "offered_per_s") < number(climb.get(climb.size() - 1), "offered_per_s")) {
					climb = new ArrayList<>();
					climbs.add(climb);
				}
				climb.add(row);
			}
		}
		return climbs;
	}

	/** A server's latest climb through the rising rates, empty when it had none. */
	private List<Map<String, String>> latestClimb(String target) {
		List<List<Map<String, String>>> climbs = climbs(target);
		return climbs.isEmpty() ? List.of() : climbs.get(climbs.size() - 1);
	}

	/**
	 * The last step sustained before the first that is not, in the server's latest climb: a
	 * step runs again only when it was not sustained, so its last attempt decides.
	 */
	private Map<String, String> sustainedStep(String target) {
		Map<String, String> best = null;
		for (Map<String, String> row : lastAttempts(latestClimb(target))) {
			if (number(row, "loss_pct") > 0 || number(row, "p99_ms") >= 100) {
				break;
			}
			best = row;
		}
		return best;
	}

	/** Whether a row of a climb is the repeat of the step before it. */
	private static boolean sameStep(Map<String, String> before, Map<String, String> row) {
		return number(before, "offered_per_s") == number(row, "offered_per_s");
	}

	/** A climb's steps, each by its last attempt. */
	private static List<Map<String, String>> lastAttempts(List<Map<String, String>> climb) {
		List<Map<String, String>> steps = new ArrayList<>();
		for (Map<String, String> row : climb) {
			if (!steps.isEmpty() && sameStep(steps.get(steps.size() - 1), row)) {
				steps.set(steps.size() - 1, row);
			}
			else {
				steps.add(row);
			}
		}
		return steps;
	}

	private Map<String, String> largest(String scenario, String target) {
		return this.rows.stream()
			.filter((row) -> scenario.equals(row.get("scenario")) && target.equals(key(row)))
			.reduce((a, b) -> (number(b, "connections") >= number(a, "connections")) ? b : a)
			.orElse(null);
	}

	/** The last row of a measurement: a measurement repeated later replaces the first. */
	private Map<String, String> find(String[] id, String target) {
		Map<String, String> found = null;
		for (Map<String, String> row : this.rows) {
			if (id[0].equals(row.get("scenario")) && id[1].equals(row.get("connections")) && id[2].equals(row.get("size"))
					&& (id[3] == null || id[3].equals(row.get("rate"))) && target.equals(key(row))) {
				found = row;
			}
		}
		return found;
	}

	private List<String> servers() {
		Map<String, String> servers = new LinkedHashMap<>();
		for (Map<String, String> row : this.rows) {
			String server = row.getOrDefault("server", "");
			if (!server.isEmpty()) {
				servers.put(server, server);
			}
		}
		return new ArrayList<>(servers.keySet());
	}

	private List<String> names() {
		return this.targets.stream().map(TARGETS::get).toList();
	}

	private static String key(Map<String, String> row) {
		return row.get("target") + ":" + row.get("container");
	}

	private static String describe(String[] id) {
		String size = "1024".equals(id[2]) ? "1 KiB" : id[2] + " B";
		String rate = id[3].replaceFirst("\\.0$", "");
		return switch (id[0]) {
			case "topics" -> String.format(Locale.ROOT, "Many small topics: %s connections, each on its own topic and its group's of ten, %s rounds/s of %s",
					id[1], rate, size);
			case "stall" -> String.format(Locale.ROOT, "A stalled subscriber: %s subscribers + 1 that stops reading, %s publications/s of %s",
					id[1], rate, size);
			default -> String.format(Locale.ROOT, "Fan-out: %s subscribers, %s publications/s of %s", id[1], rate, size);
		};
	}

	private static String shortName(String[] id) {
		String size = "1024".equals(id[2]) ? "1 KiB" : id[2] + " B";
		String connections = (id[1].length() > 3) ? id[1].substring(0, id[1].length() - 3) + "k" : id[1];
		return switch (id[0]) {
			case "topics" -> "topics " + connections;
			case "stall" -> "stall " + connections;
			default -> connections + " × " + size;
		};
	}

	private String idleName(String[] id) {
		return String.format(Locale.ROOT, "%,d%s", Integer.parseInt(id[1]),
				id[0].endsWith("browser") ? ", browser's handshake" : "");
	}

	private static String title(String container) {
		return container.substring(0, 1).toUpperCase(Locale.ROOT) + container.substring(1);
	}

	private static double number(Map<String, String> row, String column) {
		String value = row.get(column);
		return (value == null || value.isEmpty()) ? Double.NaN : Double.parseDouble(value);
	}

	/** A latency for a table: fewer decimals as it grows. */
	private static String millis(Map<String, String> row, String column) {
		double value = number(row, column);
		if (Double.isNaN(value)) {
			return "";
		}
		String pattern = (value < 10) ? "%.2f ms" : (value < 100) ? "%.1f ms" : "%,.0f ms";
		return String.format(Locale.ROOT, pattern, value);
	}

	/** The share of deliveries lost, for a table. */
	private static String lost(Map<String, String> row) {
		double value = number(row, "loss_pct");
		return (value == 0) ? "0 %" : String.format(Locale.ROOT, (value < 0.1) ? "%.3f %%" : "%.1f %%", value);
	}

	private void line(String text) {
		this.md.append(text).append('\n');
	}

}

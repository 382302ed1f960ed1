package io.wsstreams.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs test files with Node's built-in test runner ({@code node --test}) and turns each test
 * of its TAP report into a JUnit {@link DynamicTest} of the same name: a {@code not ok}
 * fails with the test's diagnostics, a {@code # SKIP} is aborted with its reason. A file
 * whose process fails without a failing test, or runs no test, gives a failing test of
 * its own. Node must be version 20 or later; without it the tests fail on CI (environment
 * {@code CI=true}) and are skipped elsewhere. Node is never downloaded.
 *
 * <p>A test source of both the integration tests (the JavaScript client's tests) and the
 * sample application (the tests with Pusher's own clients), which add this directory to
 * their test sources.
 */
public final class NodeTestRunner {

	/** The oldest Node whose test runner and WebSocket the tests use. */
	static final int MINIMUM_VERSION = 20;

	private static final long TIMEOUT_MINUTES = 5;

	private static final Pattern VERSION = Pattern.compile("v(\\d+)\\..*");

	private static final Pattern TEST_POINT = Pattern
		.compile("^( *)(ok|not ok) \\d+ - (.*?)(?: # (SKIP|TODO)\\b ?(.*))?$");

	private static final Pattern SUBTEST = Pattern.compile("^( *)# Subtest: (.*)$");

	private final String executable;

	private final int major;

	private NodeTestRunner(String executable, int major) {
		this.executable = executable;
		this.major = major;
	}

	/**
	 * Finds {@code node} on the {@code PATH}, version 20 or later.
	 * @return the runner
	 */
	public static NodeTestRunner require() {
		String version;
		try {
			Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			version = read(process.getInputStream()).strip();
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			return unavailable("node is not installed (not found on the PATH)");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Matcher matcher = VERSION.matcher(version);
		if (!matcher.matches()) {
			return unavailable("node --version answered '" + version + "'");
		}
		int major = Integer.parseInt(matcher.group(1));
		if (major < MINIMUM_VERSION) {
			return unavailable("node is " + version + ", older than " + MINIMUM_VERSION);
		}
		return new NodeTestRunner("node", major);
	}

	private static NodeTestRunner unavailable(String why) {
		String message = "These tests run on Node " + MINIMUM_VERSION + " or later on the PATH: "
				+ why + " (Debian 12's own nodejs package is 18, too old)";
		if ("true".equals(System.getenv("CI"))) {
			fail(message);
		}
		Assumptions.abort(message);
		throw new IllegalStateException(message);
	}

	/**
	 * Runs one test file and reports its tests.
	 * @param file the test file
	 * @param environment variables for the Node process
	 * @return a dynamic test per Node test
	 */
	public List<DynamicTest> run(Path file, Map<String, String> environment) {
		List<String> command = new ArrayList<>(List.of(this.executable));
		if (this.major < 22) {
			command.add("--experimental-websocket");
		}
		command.addAll(List.of("--test", "--test-reporter=tap", file.getFileName().toString()));
		ProcessBuilder builder = new ProcessBuilder(command).directory(file.getParent().toFile())
			.redirectErrorStream(true);
		builder.environment().putAll(environment);
		String output;
		int exitCode;
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
			if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				output = read.get(1, TimeUnit.MINUTES);
				String name = file.getFileName() + " did not finish within " + TIMEOUT_MINUTES + " minutes";
				return List.of(new Result(name, false, null, output).test());
			}
			output = read.get(1, TimeUnit.MINUTES);
			exitCode = process.exitValue();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		List<Result> results = parse(output);
		if (results.isEmpty()) {
			results.add(new Result("no test ran in " + file.getFileName(), false, null, output));
		}
		else if (exitCode != 0 && results.stream().allMatch((result) -> result.ok() || result.skip() != null)) {
			results.add(new Result("node exited with " + exitCode, false, null, output));
		}
		return results.stream().map(Result::test).toList();
	}

	/**
	 * Reads a TAP report of Node's test runner: a test point without nested test points is a
	 * test, named after its suites and itself; a suite's own failure (a failing hook) is a
	 * test too.
	 * @param tap the report
	 * @return the tests' results, in order
	 */
	static List<Result> parse(String tap) {
		List<Result> results = new ArrayList<>();
		Deque<Frame> open = new ArrayDeque<>();
		String[] lines = tap.split("\\R");
		for (int i = 0; i < lines.length; i++) {
			Matcher subtest = SUBTEST.matcher(lines[i]);
			if (subtest.matches()) {
				close(open, subtest.group(1).length() / 4);
				if (!open.isEmpty()) {
					open.peek().suite = true;
				}
				open.push(new Frame(unescape(subtest.group(2))));
				continue;
			}
			Matcher point = TEST_POINT.matcher(lines[i]);
			if (!point.matches()) {
				continue;
			}
			String indent = point.group(1);
			int depth = indent.length() / 4;
			close(open, depth + 1);
			boolean suite = open.size() > depth && open.pop().suite;
			List<String> path = new ArrayList<>();
			open.descendingIterator().forEachRemaining((frame) -> path.add(frame.name));
			path.add(unescape(point.group(3)));
			StringBuilder diagnostics = new StringBuilder();
			if (i + 1 < lines.length && lines[i + 1].strip().equals("---")) {
				for (i += 2; i < lines.length && !lines[i].strip().equals("..."); i++) {
					String line = lines[i];
					diagnostics.append(line.startsWith(indent + "  ") ? line.substring(indent.length() + 2) : line.strip())
						.append('\n');
				}
			}
			boolean ok = point.group(2).equals("ok");
			if (suite && (ok || diagnostics.indexOf("failureType: 'subtestsFailed'") >= 0)) {
				continue;
			}
			String skip = (point.group(4) != null) ? point.group(4) + ": " + point.group(5) : null;
			results.add(new Result(String.join(" › ", path), ok, skip, diagnostics.toString()));
		}
		return results;
	}

	private static void close(Deque<Frame> open, int depth) {
		while (open.size() > depth) {
			open.pop();
		}
	}

	private static String unescape(String name) {
		return name.replace("\\#", "#").replace("\\\\", "\\");
	}

	private static String read(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A test or suite of the report whose {@code # Subtest} line was read. */
	private static final class Frame {

		private final String name;

		private boolean suite;

		Frame(String name) {
			this.name = name;
		}

	}

	/**
	 * One test of a report.
	 *
	 * @param name the test's name, after its suites'
	 * @param ok whether it passed
	 * @param skip the directive and reason of a skipped or to-do test, or {@code null}
	 * @param diagnostics the YAML diagnostics, such as the failure's message and stack
	 */
	record Result(String name, boolean ok, String skip, String diagnostics) {

		DynamicTest test() {
			if (this.skip != null) {
				return DynamicTest.dynamicTest(this.name, () -> {
					// A Node test that skipped itself (no server, say) must not pass for run on CI.
					if ("true".equals(System.getenv("CI"))) {
						fail(this.name + " skipped itself on CI: " + this.skip);
					}
					Assumptions.abort(this.skip);
				});
			}
			return DynamicTest.dynamicTest(this.name, () -> {
				if (!this.ok) {
					fail(this.name + "\n" + this.diagnostics);
				}
			});
		}

	}

}

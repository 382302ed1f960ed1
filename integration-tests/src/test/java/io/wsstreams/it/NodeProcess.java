package io.wsstreams.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application node in a process of its own, on the tests' class path, so that a test
 * can kill it with SIGKILL: no shutdown hook runs, no socket is closed politely, as when
 * a machine dies.
 */
public final class NodeProcess implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("started on port\\D*(\\d+)");

	private final Process process;

	private final int port;

	private final ConcurrentLinkedDeque<String> output;

	private NodeProcess(Process process, int port, ConcurrentLinkedDeque<String> output) {
		this.process = process;
		this.port = port;
		this.output = output;
	}

	/**
	 * Starts {@link TestApplication} on a free port and waits until it serves.
	 * @param timeout the longest wait for the start
	 * @param arguments Spring Boot arguments, such as {@code --ws-streams.broker=redis}
	 * @return the running node
	 * @throws Exception when it does not start in time
	 */
	public static NodeProcess start(Duration timeout, String... arguments) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(TestApplication.class.getName());
		command.add("--server.port=0");
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		ConcurrentLinkedDeque<String> output = new ConcurrentLinkedDeque<>();
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread reader = new Thread(() -> read(process, output, port), "node-process-output");
		reader.setDaemon(true);
		reader.start();
		try {
			return new NodeProcess(process, port.get(timeout.toMillis(), TimeUnit.MILLISECONDS), output);
		}
		catch (TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException("The node did not start within " + timeout + "; its output:\n"
					+ String.join("\n", output), ex);
		}
	}

	private static void read(Process process, ConcurrentLinkedDeque<String> output,
			CompletableFuture<Integer> port) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				output.add(line);
				while (output.size() > 500) {
					output.poll();
				}
				Matcher matcher = STARTED.matcher(line);
				if (!port.isDone() && matcher.find()) {
					port.complete(Integer.parseInt(matcher.group(1)));
				}
			}
		}
		catch (IOException ex) {
			// The process is gone.
		}
		port.completeExceptionally(new IllegalStateException("The node exited: " + String.join("\n", output)));
	}

	/**
	 * The port the node serves on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Kills the node with SIGKILL and waits until it is gone.
	 * @throws InterruptedException when interrupted
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * The node's latest output lines, for a failure message.
	 * @return the output
	 */
	public String output() {
		return String.join("\n", this.output);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}

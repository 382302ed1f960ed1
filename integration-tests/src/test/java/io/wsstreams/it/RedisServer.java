package io.wsstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * A Redis server of a test's own, in a process on a free loopback port and in a
 * directory of its own, that the test may stop and start again on the same port, so
 * that clients reconnect to it. Without persistence by default, so that a restart loses
 * every key; {@link #persistent()} keeps them across a restart, or a kill, with an
 * append-only file synced on every write. The shared Redis of the other tests is never
 * touched. Without {@code redis-server}, the test is skipped, unless the environment
 * variable {@code CI} is {@code true}, where it fails.
 */
public final class RedisServer implements AutoCloseable {

	private static final Path BINARY = Path.of("/usr/bin/redis-server");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private final Path directory;

	private final int port;

	private final boolean persistent;

	/** Kills the server when the JVM exits without closing it. */
	private final Thread killer = new Thread(this::kill, "redis-server-killer");

	private @Nullable Process process;

	private RedisServer(boolean persistent) throws IOException {
		this.directory = Files.createTempDirectory("ws-streams-redis-");
		this.port = freePort();
		this.persistent = persistent;
		Runtime.getRuntime().addShutdownHook(this.killer);
	}

	/**
	 * Starts a server whose keys are lost when it stops.
	 * @return the running server
	 */
	public static RedisServer volatileData() {
		return started(false);
	}

	/**
	 * Starts a server that keeps its keys when it stops or is killed.
	 * @return the running server
	 */
	public static RedisServer persistent() {
		return started(true);
	}

	private static RedisServer started(boolean persistent) {
		requireBinary();
		try {
			RedisServer server = new RedisServer(persistent);
			try {
				server.start();
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void requireBinary() {
		if (Files.isExecutable(BINARY)) {
			return;
		}
		String message = BINARY + " is missing: install Redis to run this test";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(message);
		}
		Assumptions.abort(message);
	}

	/**
	 * The port the server listens on, the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Starts the server, again after {@link #stop()}, and waits until it answers.
	 */
	public synchronized void start() {
		if (this.process != null) {
			return;
		}
		List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(this.port),
				"--bind", RedisTestSupport.HOST, "--dir", this.directory.toString(), "--save", "", "--daemonize", "no",
				"--protected-mode", "no", "--logfile", ""));
		if (this.persistent) {
			command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
		}
		else {
			command.addAll(List.of("--appendonly", "no"));
		}
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Process started = this.process;
		Awaitility.await("Redis on port " + this.port)
			.atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				if (!started.isAlive()) {
					throw new IllegalStateException("redis-server exited with " + started.exitValue() + ": "
							+ Files.readString(this.directory.resolve("redis.log")));
				}
				return RedisTestSupport.ping(RedisTestSupport.HOST, this.port) == null;
			});
	}

	/**
	 * Stops the server as an operator would (SIGTERM: it closes its connections and exits,
	 * keeping its data only when persistent), and waits until it has exited.
	 */
	public synchronized void stop() {
		stop(false);
	}

	/**
	 * Kills the server (SIGKILL), as when its machine dies, and waits until it has exited.
	 */
	public synchronized void kill() {
		stop(true);
	}

	private void stop(boolean kill) {
		Process process = this.process;
		this.process = null;
		if (process == null) {
			return;
		}
		if (kill) {
			process.destroyForcibly();
		}
		else {
			process.destroy();
		}
		try {
			if (!process.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	@Override
	public void close() throws IOException {
		kill();
		Runtime.getRuntime().removeShutdownHook(this.killer);
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}

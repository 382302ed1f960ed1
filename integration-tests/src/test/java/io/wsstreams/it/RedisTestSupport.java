package io.wsstreams.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * The Redis that tests use, at 127.0.0.1:6379, shared with others: tests never flush it,
 * keep their keys and channels under a prefix of their own and delete their keys
 * afterwards. When it does not answer, a test is skipped, unless the environment variable
 * {@code CI} is {@code true}, where it fails.
 */
public final class RedisTestSupport {

	/** Where Redis listens. */
	public static final String HOST = "127.0.0.1";

	/** Where Redis listens. */
	public static final int PORT = 6379;

	private RedisTestSupport() {
	}

	/**
	 * Checks that Redis answers a {@code PING}: skips the test when not, or fails it on CI.
	 */
	public static void requireRedis() {
		String problem = ping(HOST, PORT);
		if (problem == null) {
			return;
		}
		String message = "Redis at " + HOST + ":" + PORT + " does not answer (" + problem + ")";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(message);
		}
		Assumptions.abort(message);
	}

	/**
	 * Sends a {@code PING} to a Redis server.
	 * @param host the host
	 * @param port the port
	 * @return {@code null} when it answered {@code PONG}, else what went wrong
	 */
	static @Nullable String ping(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			socket.setSoTimeout(1000);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.readNBytes(answer, 0, answer.length);
			String text = new String(answer, 0, read, StandardCharsets.US_ASCII);
			return text.startsWith("+PONG") ? null : "answered " + text.strip();
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	/**
	 * A prefix no other test uses.
	 * @return {@code ws-streams-test:<random>:}
	 */
	public static String uniquePrefix() {
		return "ws-streams-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
	}

	/**
	 * A started connection factory.
	 * @param host the host
	 * @param port the port
	 * @return the factory, to be destroyed after use
	 */
	public static LettuceConnectionFactory connectionFactory(String host, int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		return factory;
	}

	/**
	 * A started connection factory for the test Redis.
	 * @return the factory, to be destroyed after use
	 */
	public static LettuceConnectionFactory connectionFactory() {
		return connectionFactory(HOST, PORT);
	}

	/**
	 * Deletes every key under a prefix.
	 * @param factory a connection factory
	 * @param prefix the prefix, without glob characters
	 */
	public static void deleteKeys(LettuceConnectionFactory factory, String prefix) {
		try (RedisConnection connection = factory.getConnection()) {
			List<byte[]> keys = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				connection.keyCommands().del(keys.toArray(new byte[0][]));
			}
		}
	}

	/**
	 * Deletes every key under a prefix, over a connection of its own. Call it once the
	 * applications that used the keys have stopped, so that they do not react to the
	 * deletions.
	 * @param prefix the prefix, without glob characters
	 */
	public static void deleteKeys(String prefix) {
		LettuceConnectionFactory factory = connectionFactory();
		try {
			deleteKeys(factory, prefix);
		}
		finally {
			factory.destroy();
		}
	}

}

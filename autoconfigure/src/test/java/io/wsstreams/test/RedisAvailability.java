package io.wsstreams.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whether the Redis that tests use, at 127.0.0.1:6379, answers. Tests that need it call
 * {@link #assumeRedis()}: they are skipped without Redis, except on CI (environment
 * variable {@code CI=true}), where they fail instead, so that they never go unrun there.
 *
 * <p>That Redis may be shared: tests keep their keys under a prefix of their own, remove
 * them afterwards, and never flush a database.
 */
public final class RedisAvailability {

	/** The host of the Redis that tests use. */
	public static final String HOST = "127.0.0.1";

	/** The port of the Redis that tests use. */
	public static final int PORT = 6379;

	private static final int TIMEOUT_MILLIS = 2000;

	private RedisAvailability() {
	}

	/**
	 * Skips the calling test when Redis does not answer, or fails it when on CI.
	 */
	public static void assumeRedis() {
		boolean answers = answers();
		if (!answers && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("Redis at %s:%d does not answer, and CI=true: tests that need Redis must run on CI", HOST, PORT);
		}
		assumeTrue(answers, () -> "Redis at " + HOST + ":" + PORT + " does not answer");
	}

	/**
	 * A started connection factory for that Redis, for tests that use it without an
	 * application context; destroy it after use.
	 * @return the factory
	 */
	public static LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Sends {@code PING} and reads the answer.
	 * @return whether Redis answered {@code +PONG}
	 */
	static boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, PORT), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[5];
			int read = 0;
			while (read < answer.length) {
				int n = in.read(answer, read, answer.length - read);
				if (n < 0) {
					return false;
				}
				read += n;
			}
			return "+PONG".equals(new String(answer, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

}

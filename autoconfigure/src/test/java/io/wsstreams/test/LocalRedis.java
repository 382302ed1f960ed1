package io.wsstreams.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Assumptions;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis that runs beside the tests at 127.0.0.1:6379. It is shared: tests use keys of
 * their own prefix and never flush, stop or reconfigure it. Under {@code CI=true} a test
 * that needs it fails when it does not answer; elsewhere it is skipped.
 */
public final class LocalRedis {

	public static final String HOST = "127.0.0.1";

	public static final int PORT = 6379;

	private LocalRedis() {
	}

	/**
	 * Fails (under CI) or skips the calling test unless Redis answers PING.
	 */
	public static void require() {
		boolean answers = answers();
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			if (!answers) {
				throw new AssertionError("Redis does not answer on " + HOST + ":" + PORT
						+ "; .ci/run starts one, and tests that need it never skip under CI=true");
			}
			return;
		}
		Assumptions.assumeTrue(answers, "Redis does not answer on " + HOST + ":" + PORT);
	}

	/**
	 * A started connection factory for the local Redis; destroy it after use.
	 * @return the factory
	 */
	public static LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, PORT), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[5];
			int read = in.readNBytes(reply, 0, 5);
			return read == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

}

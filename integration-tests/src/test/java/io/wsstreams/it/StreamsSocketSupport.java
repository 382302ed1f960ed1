package io.wsstreams.it;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.wsstreams.StreamPublisher;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The socket test harness for {@code streams} features and presence: what
 * {@link SocketTestSupport} gives, plus the publisher and {@link Sockets}, which connect
 * and read a join's replay.
 */
public abstract class StreamsSocketSupport extends SocketTestSupport {

	/**
	 * Runs the server on Jetty: the test classpath holds both Tomcat and Jetty, and the
	 * default handshake handler upgrades through Jetty whenever Jetty's WebSocket server is
	 * on the classpath.
	 */
	public static final String JETTY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

	@Autowired
	protected StreamPublisher publisher;

	protected Sockets sockets;

	@BeforeEach
	void openSockets() {
		this.sockets = new Sockets(this.port, this.sessions);
	}

	/**
	 * Publishes {@code {"n":0}}, {@code {"n":1}}… from the application.
	 * @param stream the stream
	 * @param feature a {@code streams} feature
	 * @param count how many
	 * @return the ids, in order
	 */
	protected List<String> publish(String stream, String feature, int count) {
		return IntStream.range(0, count)
			.mapToObj((n) -> this.publisher.publish(stream, feature, Map.of("n", n)).id())
			.toList();
	}

}

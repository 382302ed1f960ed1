package io.wsstreams.test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.wsstreams.StreamPublisher;
import io.wsstreams.session.InMemorySessionRepository;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base class for socket tests of {@code streams} features and presence: the server's
 * port, its session store and publisher, and {@link Sockets} to connect with.
 */
public abstract class StreamsSocketSupport {

	/**
	 * Runs the server on Jetty: the test classpath holds both Tomcat and Jetty, and the
	 * default handshake handler upgrades through Jetty whenever Jetty's WebSocket server is
	 * on the classpath.
	 */
	public static final String JETTY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

	@LocalServerPort
	protected int port;

	@Autowired
	protected InMemorySessionRepository sessions;

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

package io.wsstreams.session;

import java.time.Duration;

import io.wsstreams.it.RedisNodes;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

import static io.wsstreams.it.SocketTestSupport.assertOpen;
import static io.wsstreams.it.SocketTestSupport.welcomed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes with {@code ws-streams.broker=redis} share Spring Session's Redis store: a
 * session signed in through one node opens sockets on the other, and when it ends there,
 * its sockets on the other node close with 4401 within 5 seconds.
 */
class CrossNodeSessionEndTests {

	private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	private static final String QUERY = "stream=channel:1&clients=echo";

	/**
	 * No sweep runs within the test: only the store's session event, from Redis, can
	 * close the socket on the other node.
	 */
	@Test
	void closesTheSocketsOfASessionDeletedOnAnotherNodeAtOnce() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			nodes.start("--ws-streams.session.check-interval=1h");
			int nodeB = nodes.start("--ws-streams.session.check-interval=1h");
			ConfigurableApplicationContext nodeA = nodes.node(0);
			assertThat(nodeA.getBean(SessionRepository.class)).isInstanceOf(RedisIndexedSessionRepository.class);
			String session = nodes.signIn("alice");
			StreamsTestConnection socket = welcomed(nodes.connect(nodeB, session, QUERY));
			StreamsTestConnection otherSession = welcomed(nodes.connect(nodeB, nodes.signIn("bob"), QUERY));
			nodeA.getBean(SessionRepository.class).deleteById(session);
			assertThat(socket.awaitClose(FIVE_SECONDS).code()).isEqualTo(4401);
			assertThat(socket.awaitClose().reason()).isEqualTo("Session ended");
			assertOpen(otherSession);
		}
	}

	@Test
	void closesTheSocketsOfASessionThatExpiredWithinFiveSeconds() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			nodes.start();
			int nodeB = nodes.start();
			Duration timeout = Duration.ofSeconds(3);
			StreamsTestConnection socket = welcomed(nodes.connect(nodeB, nodes.signIn("carol", timeout), QUERY));
			StreamsTestConnection otherSession = welcomed(nodes.connect(nodeB, nodes.signIn("dave"), QUERY));
			assertThat(socket.awaitClose(timeout.plus(FIVE_SECONDS)).code()).isEqualTo(4401);
			assertThat(socket.awaitClose().reason()).isEqualTo("Session ended");
			assertOpen(otherSession);
		}
	}

}

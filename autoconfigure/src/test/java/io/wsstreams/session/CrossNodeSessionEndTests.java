package io.wsstreams.session;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wsstreams.test.RedisAvailability;
import io.wsstreams.test.RedisKeys;
import io.wsstreams.test.StreamsServerTest;
import io.wsstreams.test.TestApplication;
import io.wsstreams.test.TestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

import static io.wsstreams.test.SocketTestSupport.assertOpen;
import static io.wsstreams.test.SocketTestSupport.welcomed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes with {@code ws-streams.broker=redis} share Spring Session's Redis store: a
 * session signed in through one node opens sockets on the other, and when it ends there,
 * its sockets on the other node close with 4401 within 5 seconds.
 */
class CrossNodeSessionEndTests {

	private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	private static final String QUERY = "stream=channel:1&clients=echo";

	private final String prefix = RedisKeys.uniquePrefix();

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final List<TestClient> clients = new ArrayList<>();

	@BeforeEach
	void needsRedis() {
		RedisAvailability.assumeRedis();
	}

	@AfterEach
	void stopNodes() {
		this.clients.forEach(TestClient::close);
		this.nodes.forEach(ConfigurableApplicationContext::close);
		if (!this.nodes.isEmpty()) {
			RedisKeys.deleteAll(this.prefix);
		}
	}

	/**
	 * No sweep runs within the test: only the store's session event, from Redis, can
	 * close the socket on the other node.
	 */
	@Test
	void closesTheSocketsOfASessionDeletedOnAnotherNodeAtOnce() {
		ConfigurableApplicationContext nodeA = startNode("--ws-streams.session.check-interval=1h");
		ConfigurableApplicationContext nodeB = startNode("--ws-streams.session.check-interval=1h");
		assertThat(nodeA.getBean(SessionRepository.class)).isInstanceOf(RedisIndexedSessionRepository.class);
		String session = signIn(nodeA, "alice", null);
		TestClient socket = welcomed(connect(nodeB, session));
		TestClient otherSession = welcomed(connect(nodeB, signIn(nodeA, "bob", null)));
		nodeA.getBean(SessionRepository.class).deleteById(session);
		assertThat(socket.awaitClose(FIVE_SECONDS)).isEqualTo(4401);
		assertThat(socket.closeReason()).isEqualTo("Session ended");
		assertOpen(otherSession);
	}

	@Test
	void closesTheSocketsOfASessionThatExpiredWithinFiveSeconds() {
		ConfigurableApplicationContext nodeA = startNode();
		ConfigurableApplicationContext nodeB = startNode();
		Duration timeout = Duration.ofSeconds(3);
		TestClient socket = welcomed(connect(nodeB, signIn(nodeA, "carol", timeout)));
		TestClient otherSession = welcomed(connect(nodeB, signIn(nodeA, "dave", null)));
		assertThat(socket.awaitClose(timeout.plus(FIVE_SECONDS))).isEqualTo(4401);
		assertThat(socket.closeReason()).isEqualTo("Session ended");
		assertOpen(otherSession);
	}

	private ConfigurableApplicationContext startNode(String... arguments) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.autoconfigure.exclude=" + StreamsServerTest.JETTY, "--ws-streams.broker=redis",
				"--ws-streams.redis.prefix=" + this.prefix, "--spring.data.redis.host=" + RedisAvailability.HOST,
				"--spring.data.redis.port=" + RedisAvailability.PORT));
		args.addAll(List.of(arguments));
		ConfigurableApplicationContext node = new SpringApplicationBuilder(TestApplication.class)
			.run(args.toArray(String[]::new));
		this.nodes.add(node);
		return node;
	}

	/**
	 * Signs a user in through a node's session store.
	 * @param node the node
	 * @param user the user id
	 * @param timeout the session's inactivity timeout, or {@code null} for the default
	 * @return the session id
	 */
	private static String signIn(ConfigurableApplicationContext node, String user, @Nullable Duration timeout) {
		SessionRepository<?> sessions = node.getBean(SessionRepository.class);
		return save(sessions, user, timeout);
	}

	private static <S extends Session> String save(SessionRepository<S> sessions, String user,
			@Nullable Duration timeout) {
		S session = sessions.createSession();
		session.setAttribute("user", user);
		if (timeout != null) {
			session.setMaxInactiveInterval(timeout);
		}
		sessions.save(session);
		return session.getId();
	}

	private TestClient connect(ConfigurableApplicationContext node, String sessionId) {
		int port = ((WebServerApplicationContext) node).getWebServer().getPort();
		TestClient client = TestClient.connect(URI.create("ws://localhost:" + port + "/ws?" + QUERY),
				Map.of("X-Auth-Token", sessionId));
		this.clients.add(client);
		return client;
	}

}

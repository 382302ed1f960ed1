package io.wsstreams.it;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wsstreams.test.StreamsTestConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Nodes of {@link TestApplication} that share a Redis with {@code ws-streams.broker=redis}
 * under a prefix of their own: in this JVM, or in processes of their own that a test can
 * kill. The Redis is the tests' shared one, or a {@link RedisServer} of the test's own; a
 * node may also reach it through another port, such as a {@link TcpProxy}'s. Sessions
 * signed in through any node work on all of them. Closing it closes the clients, stops the
 * nodes and removes their keys from the shared Redis.
 */
public final class RedisNodes implements AutoCloseable {

	private final String prefix = RedisTestSupport.uniquePrefix();

	private final int redisPort;

	private final boolean sharedRedis;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final List<NodeProcess> processes = new ArrayList<>();

	private final List<StreamsTestConnection> clients = new ArrayList<>();

	/**
	 * Skips or fails (on CI) the calling test unless Redis answers.
	 * @return new nodes
	 */
	public static RedisNodes create() {
		RedisTestSupport.requireRedis();
		return new RedisNodes(RedisTestSupport.PORT, true);
	}

	/**
	 * Nodes on a Redis of the test's own.
	 * @param redis the Redis
	 * @return new nodes
	 */
	public static RedisNodes on(RedisServer redis) {
		return new RedisNodes(redis.port(), false);
	}

	private RedisNodes(int redisPort, boolean sharedRedis) {
		this.redisPort = redisPort;
		this.sharedRedis = sharedRedis;
	}

	/**
	 * The arguments every node gets, then the given ones.
	 * @param redisPort the port the node reaches Redis on
	 * @param arguments more arguments
	 * @return the arguments
	 */
	private List<String> arguments(int redisPort, String... arguments) {
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off",
				"--spring.autoconfigure.exclude=" + StreamsServerTest.JETTY, "--ws-streams.broker=redis",
				"--ws-streams.redis.prefix=" + this.prefix, "--spring.data.redis.host=" + RedisTestSupport.HOST,
				"--spring.data.redis.port=" + redisPort));
		args.addAll(List.of(arguments));
		return args;
	}

	/**
	 * The prefix of the nodes' keys and channels.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * Starts a node in this JVM.
	 * @param arguments Spring Boot arguments
	 * @return the node's port
	 */
	public int start(String... arguments) {
		return startVia(this.redisPort, arguments);
	}

	/**
	 * Starts a node in this JVM that reaches Redis on another port, such as a proxy's.
	 * @param redisPort the port
	 * @param arguments Spring Boot arguments
	 * @return the node's port
	 */
	public int startVia(int redisPort, String... arguments) {
		List<String> args = arguments(redisPort, arguments);
		args.add("--server.port=0");
		ConfigurableApplicationContext node = new SpringApplicationBuilder(TestApplication.class)
			.run(args.toArray(String[]::new));
		this.nodes.add(node);
		return ((WebServerApplicationContext) node).getWebServer().getPort();
	}

	/**
	 * Starts a node in a process of its own.
	 * @param arguments Spring Boot arguments
	 * @return the node
	 * @throws Exception when it does not start within a minute
	 */
	public NodeProcess startProcess(String... arguments) throws Exception {
		NodeProcess process = NodeProcess.start(Duration.ofMinutes(1),
				arguments(this.redisPort, arguments).toArray(String[]::new));
		this.processes.add(process);
		return process;
	}

	/**
	 * A node started in this JVM.
	 * @param index its index, in the order they started
	 * @return its context
	 */
	public ConfigurableApplicationContext node(int index) {
		return this.nodes.get(index);
	}

	/**
	 * Signs a user in through the first node's session store, which every node shares.
	 * @param user the user id
	 * @return the session id
	 */
	public String signIn(String user) {
		return signIn(user, null);
	}

	/**
	 * Signs a user in through the first node's session store, with a session timeout.
	 * @param user the user id
	 * @param timeout the session's inactivity timeout, or {@code null} for the default
	 * @return the session id
	 */
	public String signIn(String user, @Nullable Duration timeout) {
		return save(this.nodes.get(0).getBean(SessionRepository.class), user, timeout);
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

	/**
	 * Connects a signed-in user to a node, and waits for the welcome.
	 * @param port the node's port
	 * @param user the user
	 * @param stream the stream
	 * @param clients the features
	 * @return the client, past its welcome
	 */
	public StreamsTestConnection join(int port, String user, String stream, String clients) {
		return SocketTestSupport.welcomed(connect(port, signIn(user), "stream=" + stream + "&clients=" + clients));
	}

	/**
	 * Opens a socket to a node.
	 * @param port the node's port
	 * @param sessionId the session, or {@code null} for none
	 * @param query the query
	 * @return the client
	 */
	public StreamsTestConnection connect(int port, @Nullable String sessionId, String query) {
		StreamsTestConnection client = StreamsTestConnection.open(URI.create("ws://localhost:" + port + "/ws?" + query),
				(sessionId != null) ? Map.of("X-Auth-Token", sessionId) : Map.of());
		this.clients.add(client);
		return client;
	}

	@Override
	public void close() throws InterruptedException {
		this.clients.forEach(StreamsTestConnection::close);
		this.nodes.forEach(ConfigurableApplicationContext::close);
		for (NodeProcess process : this.processes) {
			process.close();
		}
		if (this.sharedRedis) {
			RedisTestSupport.deleteKeys(this.prefix);
		}
	}

}

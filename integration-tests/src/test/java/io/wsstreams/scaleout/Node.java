package io.wsstreams.scaleout;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.wsstreams.StreamPublisher;
import io.wsstreams.it.RedisTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TestApplication;
import io.wsstreams.test.StreamsTestConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;

/**
 * One node of a cluster in a test: the test application on a port of its own, with the
 * Redis broker under a prefix that the cluster's nodes share, and a session store that
 * the nodes of this JVM share, standing in for the application's shared store.
 */
final class Node implements AutoCloseable {

	private static final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private static final MapSessionRepository sessionRepository = new MapSessionRepository(sessions);

	private final ConfigurableApplicationContext context;

	private final int port;

	/**
	 * Starts a node.
	 * @param prefix the Redis prefix of the cluster
	 * @param properties more properties, {@code name=value}
	 */
	Node(String prefix, String... properties) {
		String[] args = new String[properties.length + 7];
		args[0] = "--server.port=0";
		args[1] = "--spring.autoconfigure.exclude=" + StreamsServerTest.JETTY;
		args[2] = "--spring.main.banner-mode=off";
		args[3] = "--ws-streams.broker=redis";
		args[4] = "--ws-streams.redis.prefix=" + prefix;
		args[5] = "--spring.data.redis.host=" + RedisTestSupport.HOST;
		args[6] = "--spring.data.redis.port=" + RedisTestSupport.PORT;
		for (int i = 0; i < properties.length; i++) {
			args[7 + i] = "--" + properties[i];
		}
		this.context = new SpringApplicationBuilder(TestApplication.class, SharedSessions.class).run(args);
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	StreamPublisher publisher() {
		return this.context.getBean(StreamPublisher.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Connects as a user, with a new session in the shared store.
	 * @param user the user
	 * @param stream the stream
	 * @param clients the selected features
	 * @param since resume points, or {@code null}
	 * @return the client, whose welcome is not taken yet
	 */
	StreamsTestConnection connect(String user, String stream, String clients, @Nullable String since) {
		MapSession session = sessionRepository.createSession();
		session.setAttribute("user", user);
		sessionRepository.save(session);
		String query = "stream=" + stream + "&clients=" + clients + ((since != null) ? "&since=" + since : "");
		return StreamsTestConnection.open(URI.create("ws://localhost:" + this.port + "/ws?" + query),
				Map.of("X-Auth-Token", session.getId()));
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** The session store of every node. */
	@Configuration(proxyBeanMethods = false)
	static class SharedSessions {

		@Bean
		MapSessionRepository sessionRepository() {
			return sessionRepository;
		}

	}

}

package io.wsstreams.broker.redis;

import java.time.Duration;

import io.wsstreams.it.RedisNodes;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static io.wsstreams.it.SocketTestSupport.assertOpen;
import static io.wsstreams.it.SocketTestSupport.welcomed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-user connection limit counts a user's connections on every node sharing Redis.
 */
class RedisUsersAcrossNodesTests {

	private static final String QUERY = "stream=channel:1&clients=echo";

	@Test
	void aUserAtTheLimitAcrossTwoNodesIsRefusedWith4429UntilAConnectionCloses() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start("--ws-streams.limits.connections-per-user=2");
			int b = nodes.start("--ws-streams.limits.connections-per-user=2");
			String session = nodes.signIn("alice");
			StreamsTestConnection onA = welcomed(nodes.connect(a, session, QUERY));
			StreamsTestConnection onB = welcomed(nodes.connect(b, session, QUERY));
			StreamsTestConnection third = nodes.connect(a, session, QUERY);
			assertThat(third.awaitClose().code()).as("a third connection, on a node holding only one").isEqualTo(4429);
			assertThat(third.awaitClose().reason()).isEqualTo("Too many connections");
			StreamsTestConnection otherUser = welcomed(nodes.connect(a, nodes.signIn("bob"), QUERY));
			onB.close();
			// Node B forgets the connection in Redis once it has closed.
			StringRedisTemplate redis = nodes.node(0).getBean(StringRedisTemplate.class);
			String count = new RedisNames(nodes.prefix()).key("user/alice", ":connections");
			await().atMost(Duration.ofSeconds(5)).until(() -> redis.opsForZSet().zCard(count) == 1);
			welcomed(nodes.connect(a, session, QUERY));
			assertOpen(onA);
			assertOpen(otherUser);
		}
	}

}

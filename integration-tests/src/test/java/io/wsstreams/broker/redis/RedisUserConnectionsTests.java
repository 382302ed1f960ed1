package io.wsstreams.broker.redis;

import java.time.Duration;

import io.wsstreams.it.RedisTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-user connection limit across nodes, against a real Redis: two nodes share one
 * count, a closed connection frees its place, and a dead node's connections stop counting
 * once their entries expire.
 */
class RedisUserConnectionsTests {

	private final String prefix = RedisTestSupport.uniquePrefix();

	private RedisNode first;

	private RedisNode second;

	@BeforeEach
	void connect() {
		RedisTestSupport.requireRedis();
		this.first = new RedisNode(this.prefix);
		this.second = new RedisNode(this.prefix);
	}

	@AfterEach
	void cleanUp() {
		if (this.first != null) {
			RedisTestSupport.deleteKeys(this.first.connectionFactory, this.prefix);
			this.first.close();
			this.second.close();
		}
	}

	@Test
	void twoNodesShareOneLimitAndAClosedConnectionFreesItsPlace() {
		RedisUserConnections a = new RedisUserConnections(this.first.topics, Duration.ofSeconds(30));
		RedisUserConnections b = new RedisUserConnections(this.second.topics, Duration.ofSeconds(30));
		assertThat(a.tryAdd("alice", "a1", 2)).isTrue();
		assertThat(b.tryAdd("alice", "b1", 2)).isTrue();
		assertThat(b.tryAdd("alice", "b2", 2)).as("third connection across the nodes").isFalse();
		assertThat(a.tryAdd("bob", "a2", 2)).as("another user").isTrue();
		a.remove("alice", "a1");
		assertThat(b.tryAdd("alice", "b2", 2)).isTrue();
	}

	@Test
	void aDeadNodesConnectionsStopCountingWhenTheirEntriesExpireWhileLiveOnesAreRefreshed() {
		RedisUserConnections dead = new RedisUserConnections(this.first.topics, Duration.ofMillis(300));
		RedisUserConnections live = new RedisUserConnections(this.second.topics, Duration.ofMillis(300));
		live.start();
		try {
			assertThat(dead.tryAdd("alice", "d1", 2)).isTrue();
			assertThat(live.tryAdd("alice", "l1", 2)).isTrue();
			assertThat(live.tryAdd("alice", "l2", 2)).isFalse();
			await().atMost(Duration.ofSeconds(5)).until(() -> live.tryAdd("alice", "l2", 2));
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> !live.tryAdd("alice", "l3", 2));
		}
		finally {
			live.stop();
		}
	}

}

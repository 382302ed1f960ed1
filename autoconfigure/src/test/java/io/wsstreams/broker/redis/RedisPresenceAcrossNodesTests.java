package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.wsstreams.test.NodeProcess;
import io.wsstreams.test.RedisNodes;
import io.wsstreams.test.TestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence across nodes sharing Redis: one view per stream, a user's tabs on different
 * nodes coalesce, and the users of a node killed with SIGKILL leave on every other node
 * within the TTL, exactly once each.
 */
class RedisPresenceAcrossNodesTests {

	private static final Duration TTL = Duration.ofSeconds(2);

	private final String stream = "room:" + UUID.randomUUID();

	@Test
	void tabsOnTwoNodesAreOneUserWhoLeavesWhenTheLastTabCloses() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start();
			int b = nodes.start();
			TestClient bob = nodes.join(a, "bob", this.stream, "presence");
			assertThat(ids(state(bob))).containsExactly("bob");
			TestClient aliceOnB = nodes.join(b, "alice", this.stream, "presence");
			assertThat(ids(state(aliceOnB))).containsExactly("alice", "bob");
			assertEvent(nextPresence(bob), "join", "alice");
			TestClient aliceOnA = nodes.join(a, "alice", this.stream, "presence");
			JsonNode state = state(aliceOnA);
			assertThat(ids(state)).containsExactly("alice", "bob");
			assertThat(state.path("users").get(0).path("connections").asInt()).isEqualTo(2);
			aliceOnB.close();
			aliceOnA.close();
			assertEvent(nextPresence(bob), "leave", "alice");
			assertThat(bob.drain()).as("nothing else on bob's socket").isEmpty();
		}
	}

	@Test
	void usersOfAKilledNodeLeaveOnEveryOtherNodeWithinTheTtlExactlyOnceEach() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			String ttl = "--ws-streams.presence.ttl=" + TTL.toMillis() + "ms";
			int a = nodes.start(ttl);
			int b = nodes.start(ttl);
			NodeProcess doomed = nodes.startProcess(ttl);
			TestClient watcherOnA = nodes.join(a, "ann", this.stream, "presence");
			TestClient watcherOnB = nodes.join(b, "ben", this.stream, "presence");
			state(watcherOnA);
			state(watcherOnB);
			assertEvent(nextPresence(watcherOnA), "join", "ben");
			TestClient carol = nodes.join(doomed.port(), "carol", this.stream, "presence");
			TestClient dave = nodes.join(doomed.port(), "dave", this.stream, "presence");
			state(carol);
			state(dave);
			for (TestClient watcher : List.of(watcherOnA, watcherOnB)) {
				assertEvent(nextPresence(watcher), "join", "carol");
				assertEvent(nextPresence(watcher), "join", "dave");
			}
			long killed = System.nanoTime();
			doomed.kill();
			for (TestClient watcher : List.of(watcherOnA, watcherOnB)) {
				JsonNode first = nextPresence(watcher);
				JsonNode second = nextPresence(watcher);
				assertThat(List.of(first, second)).allMatch((frame) -> "leave".equals(frame.path("event").asString()));
				assertThat(List.of(first.path("data").path("id").asString(), second.path("data").path("id").asString()))
					.containsExactlyInAnyOrder("carol", "dave");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("within the TTL and one sweep")
				.isLessThan(TTL.multipliedBy(3));
			await().during(TTL.multipliedBy(2)).atMost(TTL.multipliedBy(4)).until(
					() -> watcherOnA.drain().isEmpty() && watcherOnB.drain().isEmpty());
			TestClient late = nodes.join(a, "lea", this.stream, "presence");
			assertThat(ids(state(late))).containsExactly("ann", "ben", "lea");
		}
	}

	private static JsonNode state(TestClient client) {
		JsonNode frame = nextPresence(client);
		assertThat(frame.path("event").asString()).isEqualTo("state");
		return frame.path("data");
	}

	private static JsonNode nextPresence(TestClient client) {
		return client.next("presence");
	}

	private static void assertEvent(JsonNode frame, String event, String user) {
		assertThat(frame.path("event").asString()).as("event of %s", frame).isEqualTo(event);
		assertThat(frame.path("data").path("id").asString()).as("user of %s", frame).isEqualTo(user);
	}

	private static List<String> ids(JsonNode state) {
		return state.path("users").valueStream().map((user) -> user.path("id").asString()).toList();
	}

}

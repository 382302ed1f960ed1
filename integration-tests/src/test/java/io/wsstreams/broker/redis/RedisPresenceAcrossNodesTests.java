package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.wsstreams.it.NodeProcess;
import io.wsstreams.it.RedisNodes;
import io.wsstreams.test.StreamsTestConnection;
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
			StreamsTestConnection bob = nodes.join(a, "bob", this.stream, "presence");
			assertThat(ids(state(bob))).containsExactly("bob");
			StreamsTestConnection aliceOnB = nodes.join(b, "alice", this.stream, "presence");
			assertThat(ids(state(aliceOnB))).containsExactly("alice", "bob");
			assertEvent(nextPresence(bob), "join", "alice");
			StreamsTestConnection aliceOnA = nodes.join(a, "alice", this.stream, "presence");
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
			StreamsTestConnection watcherOnA = nodes.join(a, "ann", this.stream, "presence");
			StreamsTestConnection watcherOnB = nodes.join(b, "ben", this.stream, "presence");
			state(watcherOnA);
			state(watcherOnB);
			assertEvent(nextPresence(watcherOnA), "join", "ben");
			StreamsTestConnection carol = nodes.join(doomed.port(), "carol", this.stream, "presence");
			StreamsTestConnection dave = nodes.join(doomed.port(), "dave", this.stream, "presence");
			state(carol);
			state(dave);
			for (StreamsTestConnection watcher : List.of(watcherOnA, watcherOnB)) {
				assertEvent(nextPresence(watcher), "join", "carol");
				assertEvent(nextPresence(watcher), "join", "dave");
			}
			long killed = System.nanoTime();
			doomed.kill();
			for (StreamsTestConnection watcher : List.of(watcherOnA, watcherOnB)) {
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
			StreamsTestConnection late = nodes.join(a, "lea", this.stream, "presence");
			assertThat(ids(state(late))).containsExactly("ann", "ben", "lea");
		}
	}

	/**
	 * Users come and go on one node while observers on the other join, follow the events
	 * for a while and leave, over and over: each observer's state and events must fit
	 * exactly, never a {@code join} of a user it already has nor a {@code leave} of one it
	 * does not have.
	 */
	@Test
	void observersOnAnotherNodeSeeAStateAndEventsThatFitExactlyWhileUsersComeAndGo() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start();
			int b = nodes.start();
			AtomicBoolean churning = new AtomicBoolean(true);
			ExecutorService threads = Executors.newFixedThreadPool(8);
			try {
				List<Future<?>> churn = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					String user = "churn-" + i;
					churn.add(threads.submit(() -> {
						while (churning.get()) {
							StreamsTestConnection client = nodes.join(a, user, this.stream, "presence");
							state(client);
							client.close();
						}
						return null;
					}));
				}
				List<Future<Integer>> observers = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					String user = "observer-" + i;
					observers.add(threads.submit(() -> observe(nodes, b, user)));
				}
				int events = 0;
				for (Future<Integer> observer : observers) {
					events += observer.get(60, TimeUnit.SECONDS);
				}
				churning.set(false);
				for (Future<?> future : churn) {
					future.get(30, TimeUnit.SECONDS);
				}
				assertThat(events).as("events the observers checked").isGreaterThan(50);
			}
			finally {
				threads.shutdownNow();
			}
		}
	}

	/** Joins and leaves 15 times, checking each state and the events after it. */
	private int observe(RedisNodes nodes, int port, String user) {
		int checked = 0;
		for (int round = 0; round < 15; round++) {
			StreamsTestConnection client = nodes.join(port, user, this.stream, "presence");
			Set<String> present = new HashSet<>(ids(state(client)));
			assertThat(present).contains(user);
			long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
			while (System.nanoTime() < until) {
				for (JsonNode frame : client.drain()) {
					if (!"presence".equals(frame.path("type").asString())) {
						continue;
					}
					String event = frame.path("event").asString();
					String id = frame.path("data").path("id").asString();
					switch (event) {
						case "join" -> assertThat(present.add(id)).as("join of %s, already listed", id).isTrue();
						case "leave" -> assertThat(present.remove(id)).as("leave of %s, not listed", id).isTrue();
						default -> throw new AssertionError("Unexpected presence frame " + frame);
					}
					checked++;
				}
				// Paces the reading; what counts is checked on every frame.
				LockSupport.parkNanos(10_000_000);
			}
			client.close();
		}
		return checked;
	}

	private static JsonNode state(StreamsTestConnection client) {
		JsonNode frame = nextPresence(client);
		assertThat(frame.path("event").asString()).isEqualTo("state");
		return frame.path("data");
	}

	private static JsonNode nextPresence(StreamsTestConnection client) {
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

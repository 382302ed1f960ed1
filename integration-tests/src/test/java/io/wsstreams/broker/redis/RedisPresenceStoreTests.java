package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.wsstreams.PresenceUser;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.broker.PresenceStore.Announcement;
import io.wsstreams.broker.PresenceStore.Member;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.it.RedisTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis presence store against a real Redis: each change and its event are one step,
 * versions grow by one per event, tabs coalesce, a join sent again counts its connection
 * once, and an expiry run by several nodes at once makes each user leave exactly once.
 */
class RedisPresenceStoreTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration TTL = Duration.ofSeconds(30);

	private final String prefix = RedisTestSupport.uniquePrefix();

	private final String stream = "room:" + UUID.randomUUID();

	private RedisNode node;

	private RedisPresenceStore store;

	private int taken;

	@BeforeEach
	void connect() {
		RedisTestSupport.requireRedis();
		this.node = new RedisNode(this.prefix);
		this.store = new RedisPresenceStore(this.node.topics, new OutboundFrames(json));
		this.node.topics.subscribe(this.stream + ":presence");
	}

	@AfterEach
	void cleanUp() {
		if (this.node != null) {
			RedisTestSupport.deleteKeys(this.node.connectionFactory, this.prefix);
			this.node.close();
		}
	}

	@Test
	void aUsersFirstConnectionAnnouncesJoinAndTheirLastLeaveWithOneVersionPerEvent() throws Exception {
		PresenceStore.Joined alice = this.store.join(at("alice", "c1"), "alice", false, "c1", TTL);
		assertThat(alice.first()).isTrue();
		assertThat(alice.users()).extracting(PresenceUser::id).containsExactly("alice");
		Event join = next();
		assertThat(join.version()).isEqualTo(alice.version());
		assertThat(join.exclude()).isEqualTo("c1");
		assertThat(join.frame().path("event").asString()).isEqualTo("join");
		assertThat(join.frame().path("from").asString()).isEqualTo("alice");
		assertThat(join.frame().path("data").path("id").asString()).isEqualTo("alice");
		assertThat(join.frame().path("data").path("connections").asInt()).isEqualTo(1);
		assertThat(join.frame().path("data").path("anonymous").asBoolean()).isFalse();
		assertThat(join.frame().path("data").path("status").asString()).isEqualTo("online");

		PresenceStore.Joined secondTab = this.store.join(at("alice", "c2"), "alice", false, "c2", TTL);
		assertThat(secondTab.first()).isFalse();
		assertThat(secondTab.version()).as("no event, no new version").isEqualTo(alice.version());
		assertThat(secondTab.user().connections()).isEqualTo(2);

		PresenceUser updated = this.store.status(at("alice", "c1"), "alice", "away, for a bit \"really\"");
		assertThat(updated.status()).isEqualTo("away, for a bit \"really\"");
		Event update = next();
		assertThat(update.version()).isEqualTo(alice.version() + 1);
		assertThat(update.frame().path("data").toString())
			.isEqualTo("{\"id\":\"alice\",\"status\":\"away, for a bit \\\"really\\\"\"}");

		assertThat(this.store.leave(at(null, null), "alice", "c1")).as("one tab left").isNull();
		PresenceUser left = this.store.leave(at(null, null), "alice", "c2");
		assertThat(left).isNotNull();
		assertThat(left.status()).isEqualTo("away, for a bit \"really\"");
		Event leave = next();
		assertThat(leave.version()).isEqualTo(alice.version() + 2);
		assertThat(leave.frame().path("data").toString()).isEqualTo("{\"id\":\"alice\"}");
		assertThat(this.store.users(this.stream)).isEmpty();
		assertNoMoreEvents(Duration.ofMillis(300));
	}

	@Test
	void aJoinSentAgainCountsItsConnectionOnceSoThatItsLeaveIsTheLast() throws Exception {
		PresenceStore.Joined alice = this.store.join(at("alice", "c1"), "alice", false, "c1", TTL);
		assertThat(next().frame().path("event").asString()).isEqualTo("join");
		PresenceStore.Joined again = this.store.join(at("alice", "c1"), "alice", false, "c1", TTL);
		assertThat(again.first()).isFalse();
		assertThat(again.version()).isEqualTo(alice.version());
		assertThat(again.user().connections()).isEqualTo(1);
		assertThat(this.store.leave(at(null, null), "alice", "c1")).as("the last connection left").isNotNull();
		assertThat(next().frame().path("event").asString()).isEqualTo("leave");
		assertThat(this.store.leave(at(null, null), "alice", "c1")).as("a leave sent again").isNull();
		assertThat(this.store.users(this.stream)).isEmpty();
		assertNoMoreEvents(Duration.ofMillis(300));
	}

	@Test
	void usersAreReadAsTheyWereWrittenAndAnonymousConnectionsAreUsersOfTheirOwn() {
		this.store.join(at(null, "c9"), "c9", true, "c9", TTL);
		PresenceStore.Joined bob = this.store.join(at("bob", "c1"), "bob", false, "c1", TTL);
		assertThat(bob.users()).extracting(PresenceUser::id).containsExactly("bob", "c9");
		assertThat(bob.users().get(1).anonymous()).isTrue();
		assertThat(this.store.users(this.stream)).isEqualTo(bob.users());
		assertThat(bob.users().get(0).since()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
	}

	@Test
	void expiryRunByManyNodesAtOnceMakesEachUserOfADeadNodeLeaveOnce() throws Exception {
		int users = 50;
		for (int i = 0; i < users; i++) {
			this.store.join(at("ghost-" + i, "dead-" + i), "ghost-" + i, false, "dead-" + i, Duration.ofMillis(1));
		}
		this.store.join(at("alive", "live-1"), "alive", false, "live-1", TTL);
		for (int i = 0; i <= users; i++) {
			next();
		}
		ExecutorService nodes = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Integer>> expiries = new ArrayList<>();
			for (int node = 0; node < 4; node++) {
				expiries.add(() -> this.store.expire("presence", List.of(this.stream)));
			}
			int left = 0;
			for (Future<Integer> expiry : nodes.invokeAll(expiries, 10, TimeUnit.SECONDS)) {
				left += expiry.get();
			}
			assertThat(left).isEqualTo(users);
		}
		finally {
			nodes.shutdownNow();
		}
		List<String> leaves = new ArrayList<>();
		for (int i = 0; i < users; i++) {
			Event leave = next();
			assertThat(leave.frame().path("event").asString()).isEqualTo("leave");
			leaves.add(leave.frame().path("data").path("id").asString());
		}
		assertThat(leaves).doesNotHaveDuplicates().hasSize(users);
		assertNoMoreEvents(Duration.ofMillis(500));
		assertThat(this.store.users(this.stream)).extracting(PresenceUser::id).containsExactly("alive");
	}

	@Test
	void refreshKeepsLiveEntriesFromExpiring() throws Exception {
		this.store.join(at("alice", "c1"), "alice", false, "c1", Duration.ofMillis(300));
		next();
		await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> {
			this.store.refresh(List.of(new Member(this.stream, "alice", "c1")), Duration.ofMillis(300));
			return this.store.expire("presence", List.of(this.stream)) == 0;
		});
		assertThat(this.store.users(this.stream)).extracting(PresenceUser::id).containsExactly("alice");
		Long ttl = new StringRedisTemplate(this.node.connectionFactory)
			.getExpire(new RedisNames(this.prefix).key(this.stream + ":presence", ":presence-users"), TimeUnit.MILLISECONDS);
		assertThat(ttl).as("idle keys expire").isPositive();
	}

	private Announcement at(String from, String exclude) {
		return new Announcement(this.stream, "presence", System.currentTimeMillis(), from, exclude);
	}

	private Event next() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.node.messages.size() > this.taken);
		TopicMessage message = this.node.messages.get(this.taken++);
		assertThat(message.topic()).isEqualTo(this.stream + ":presence");
		assertThat(message.feature()).isEqualTo("presence");
		assertThat(message.id().sequence()).isZero();
		return new Event(message.id().millis(), String.valueOf(message.excludeConnectionId()),
				json.readTree(message.frame().text()));
	}

	private void assertNoMoreEvents(Duration during) {
		await().during(during).atMost(during.plusSeconds(2)).until(() -> this.node.messages.size() == this.taken);
	}

	record Event(long version, String exclude, JsonNode frame) {
	}

}

package io.wsstreams.pusher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.wsstreams.it.NodeProcess;
import io.wsstreams.it.RedisNodes;
import io.wsstreams.pusher.PusherTestClient.Socket;
import io.wsstreams.pusher.server.PusherActivityListener;
import io.wsstreams.pusher.server.PusherChannelDirectory;
import io.wsstreams.pusher.server.PusherChannelDirectory.PusherChannelInfo;
import io.wsstreams.pusher.server.PusherChannelDirectory.PusherMember;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for presence, occupancy, the channel directory and terminations across nodes that
 * share Redis: one member per user across tabs on different nodes, channels occupied and
 * vacated once for all nodes, a dead node's members and subscriptions expiring, and a
 * user's connections terminated on every node.
 */
class PusherPresenceAcrossNodesTests {

	private static final Duration TTL = Duration.ofSeconds(2);

	private static final String[] PUSHER = Stream
		.concat(Stream.of(PusherAcrossNodesTests.PUSHER), Stream.of("--ws-streams.presence.ttl=" + TTL.toMillis()))
		.toArray(String[]::new);

	private final PusherSignatures signatures = new PusherSignatures("app-key", "app-secret");

	@Test
	void oneMemberPerUserAcrossTabsOnTwoNodes() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start(PUSHER);
			int b = nodes.start(PUSHER);
			Socket bob = socket(a);
			Socket adaOnB = socket(b);
			Socket adaOnA = socket(a);
			try (bob; adaOnB; adaOnA) {
				bob.joined(this.signatures, "presence-room", member("bob"));
				JsonNode seen = adaOnB.joined(this.signatures, "presence-room", member("ada"));
				assertThat(seen.path("ids")).extracting(JsonNode::asString).containsExactly("ada", "bob");
				assertMember(bob.connection().next(), "pusher_internal:member_added", "ada");
				JsonNode again = adaOnA.joined(this.signatures, "presence-room", member("ada"));
				assertThat(again.path("count").asInt()).isEqualTo(2);
				PusherChannelDirectory directory = nodes.node(1).getBean(PusherChannelDirectory.class);
				assertThat(directory.channel("app-id", "presence-room")).isEqualTo(new PusherChannelInfo(3, 2));
				assertThat(directory.members("app-id", "presence-room")).extracting(PusherMember::userId)
					.containsExactly("ada", "bob");
				adaOnB.close();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> directory.channel("app-id", "presence-room").subscriptionCount() == 2);
				assertThat(bob.roundTrip()).as("ada still has a tab").isEmpty();
				adaOnA.close();
				assertMember(bob.connection().next(), "pusher_internal:member_removed", "ada");
				assertThat(bob.roundTrip()).isEmpty();
			}
		}
	}

	/**
	 * Users come and go on one node while observers on the other join and follow the
	 * announcements, over and over: each observer's members and announcements must fit
	 * exactly, never a member_added of a member it has nor a member_removed of one it does
	 * not have.
	 */
	@Test
	void observersOnAnotherNodeSeeMembersAndAnnouncementsThatFitExactlyWhileUsersComeAndGo() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start(PUSHER);
			int b = nodes.start(PUSHER);
			AtomicBoolean churning = new AtomicBoolean(true);
			int announcements = 0;
			ExecutorService threads = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> churn = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					String user = "churner-" + i;
					churn.add(threads.submit(() -> {
						while (churning.get()) {
							try (Socket tab = socket(a)) {
								tab.joined(this.signatures, "presence-churn", member(user));
							}
						}
					}));
				}
				for (int round = 0; round < 12; round++) {
					try (Socket observer = socket(b)) {
						JsonNode joined = observer.joined(this.signatures, "presence-churn", member("observer"));
						Set<String> members = new HashSet<>();
						joined.path("ids").forEach((id) -> members.add(id.asString()));
						assertThat(members).contains("observer");
						for (int look = 0; look < 4; look++) {
							for (JsonNode message : observer.roundTrip()) {
								String user = PusherTestClient.data(message).path("user_id").asString();
								announcements++;
								if (PusherTestClient.isEvent(message, "pusher_internal:member_added")) {
									assertThat(members.add(user)).as("member_added of a member it has: %s", user)
										.isTrue();
								}
								else if (PusherTestClient.isEvent(message, "pusher_internal:member_removed")) {
									assertThat(members.remove(user)).as("member_removed of a stranger: %s", user)
										.isTrue();
								}
							}
						}
					}
				}
				churning.set(false);
				for (Future<?> future : churn) {
					future.get(30, TimeUnit.SECONDS);
				}
				assertThat(announcements).as("announcements the observers followed").isPositive();
			}
			finally {
				churning.set(false);
				threads.shutdownNow();
			}
		}
	}

	@Test
	void channelIsOccupiedAndVacatedExactlyOnceAcrossNodes() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start(PUSHER);
			int b = nodes.start(PUSHER);
			PusherActivityRecorder onA = record(nodes.node(0));
			PusherActivityRecorder onB = record(nodes.node(1));
			List<Socket> sockets = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				Socket socket = new PusherTestClient((i % 2 == 0) ? a : b).connect("app-key");
				sockets.add(socket);
				socket.subscribed(PusherTestClient.subscribe("shared"));
			}
			PusherChannelDirectory directory = nodes.node(0).getBean(PusherChannelDirectory.class);
			assertThat(directory.channels("app-id", null)).containsEntry("shared", new PusherChannelInfo(6, 0));
			sockets.forEach(Socket::close);
			await().atMost(Duration.ofSeconds(5)).until(() -> directory.channels("app-id", null).isEmpty());
			await().atMost(Duration.ofSeconds(5))
				.until(() -> Stream.concat(onA.on("shared").stream(), onB.on("shared").stream()).count() == 2);
			assertThat(Stream.concat(onA.on("shared").stream(), onB.on("shared").stream()))
				.containsExactlyInAnyOrder("app-id channel_occupied shared", "app-id channel_vacated shared");
		}
	}

	@Test
	void membersAndSubscriptionsOfAKilledNodeExpireWithinTheTtlOnce() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start(PUSHER);
			nodes.start(PUSHER);
			PusherActivityRecorder onA = record(nodes.node(0));
			PusherActivityRecorder onB = record(nodes.node(1));
			NodeProcess doomed = nodes.startProcess(PUSHER);
			try (Socket watcher = socket(a);
					Socket carol = new PusherTestClient(doomed.port()).connect("app-key")) {
				watcher.joined(this.signatures, "presence-lobby", member("wes"));
				carol.joined(this.signatures, "presence-lobby", member("carol"));
				carol.subscribed(PusherTestClient.subscribe("doomed-only"));
				assertMember(watcher.connection().next(), "pusher_internal:member_added", "carol");
				PusherChannelDirectory directory = nodes.node(0).getBean(PusherChannelDirectory.class);
				assertThat(directory.channel("app-id", "doomed-only").subscriptionCount()).isEqualTo(1);
				long killed = System.nanoTime();
				doomed.kill();
				assertMember(watcher.connection().next(), "pusher_internal:member_removed", "carol");
				assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("within the TTL and a sweep")
					.isLessThan(TTL.multipliedBy(3));
				await().atMost(TTL.multipliedBy(3))
					.until(() -> !directory.channel("app-id", "doomed-only").occupied());
				assertThat(directory.members("app-id", "presence-lobby")).extracting(PusherMember::userId)
					.containsExactly("wes");
				await().atMost(TTL.multipliedBy(3))
					.until(() -> Stream.concat(onA.on("doomed-only").stream(), onB.on("doomed-only").stream())
						.count() == 1);
				assertThat(Stream.concat(onA.on("presence-lobby").stream(), onB.on("presence-lobby").stream()))
					.containsOnlyOnce("app-id member_removed presence-lobby carol");
				await().during(TTL).atMost(TTL.multipliedBy(3)).until(() -> watcher.connection().drain().isEmpty());
			}
		}
	}

	@Test
	void terminateClosesTheUsersConnectionsOnEveryNode() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start(PUSHER);
			int b = nodes.start(PUSHER);
			Socket adaOnA = socket(a);
			Socket adaOnB = socket(b);
			Socket bobOnB = socket(b);
			try (adaOnA; adaOnB; bobOnB) {
				signIn(adaOnA, "ada");
				signIn(adaOnB, "ada");
				signIn(bobOnB, "bob");
				nodes.node(0).getBean(PusherChannelDirectory.class).terminate("app-id", "ada");
				for (Socket ada : List.of(adaOnA, adaOnB)) {
					assertThat(ada.connection().awaitClose().code()).isEqualTo(4009);
				}
				assertThat(bobOnB.roundTrip()).isEmpty();
				assertThat(bobOnB.connection().isClosed()).isFalse();
			}
		}
	}

	private void signIn(Socket socket, String user) {
		socket.connection()
			.sendJson(PusherTestClient.signin(this.signatures, socket.socketId(), "{\"id\":\"" + user + "\"}"));
		assertThat(socket.connection().next().path("event").asString()).isEqualTo("pusher:signin_success");
	}

	/**
	 * Records the activity of a node: its channels look the listener up at their first
	 * activity, after the node started.
	 */
	private static PusherActivityRecorder record(ConfigurableApplicationContext node) {
		PusherActivityRecorder recorder = new PusherActivityRecorder();
		node.getBeanFactory().registerSingleton("pusherActivityRecorder", recorder);
		assertThat(node.getBeanProvider(PusherActivityListener.class).orderedStream()).contains(recorder);
		return recorder;
	}

	private static void assertMember(JsonNode message, String event, String userId) {
		assertThat(message.path("event").asString()).isEqualTo(event);
		assertThat(PusherTestClient.data(message).path("user_id").asString()).isEqualTo(userId);
	}

	private static String member(String userId) {
		return "{\"user_id\":\"" + userId + "\"}";
	}

	private static Socket socket(int port) {
		return new PusherTestClient(port).connect("app-key");
	}

}

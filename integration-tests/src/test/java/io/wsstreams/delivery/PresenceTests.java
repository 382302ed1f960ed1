package io.wsstreams.delivery;

import java.time.Duration;
import java.util.List;

import io.wsstreams.PresenceUser;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.it.StreamsSocketSupport;
import io.wsstreams.it.TestApplication;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static io.wsstreams.it.StreamsSocketSupport.JETTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { JETTY, "ws-streams.presence.ttl=1s", "ws-streams.presence.max-status-length=12",
				"ws-streams.session.required=false" })
class PresenceTests extends StreamsSocketSupport {

	private static final Duration TTL = Duration.ofSeconds(1);

	@Autowired
	PresenceStore store;

	@Autowired
	PresenceService presence;

	@Test
	void joinReceivesStateListingTheUsersWithIdStatusConnectionsAndSince() {
		long before = System.currentTimeMillis();
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:presence-1", "presence")) {
			JsonNode aliceState = state(alice);
			assertThat(aliceState.path("users")).hasSize(1);
			try (StreamsTestConnection bob = this.sockets.join("bob", "room:presence-1", "presence")) {
				JsonNode users = state(bob).path("users");
				assertThat(users).extracting((user) -> user.path("id").asString()).containsExactly("alice", "bob");
				for (JsonNode user : users) {
					assertThat(user.path("status").asString()).isEqualTo("online");
					assertThat(user.path("connections").asInt()).isEqualTo(1);
					assertThat(user.path("anonymous").asBoolean()).isFalse();
					assertThat(user.path("since").asLong()).isBetween(before, System.currentTimeMillis());
				}
			}
		}
	}

	@Test
	void usersFirstTabSendsJoinToOthersAndTheSecondTabDoesNot() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:presence-2", "presence")) {
			state(alice);
			try (StreamsTestConnection bobTab1 = this.sockets.join("bob", "room:presence-2", "presence")) {
				JsonNode join = nextPresence(alice);
				assertThat(join.path("event").asString()).isEqualTo("join");
				assertThat(join.path("data").path("id").asString()).isEqualTo("bob");
				assertThat(join.path("data").path("connections").asInt()).isEqualTo(1);
				try (StreamsTestConnection bobTab2 = this.sockets.join("bob", "room:presence-2", "presence")) {
					assertThat(user(state(bobTab2), "bob").path("connections").asInt()).isEqualTo(2);
					try (StreamsTestConnection carol = this.sockets.join("carol", "room:presence-2", "presence")) {
						JsonNode next = nextPresence(alice);
						assertThat(next.path("event").asString()).isEqualTo("join");
						assertThat(next.path("data").path("id").asString()).as("no join for bob's second tab")
							.isEqualTo("carol");
					}
				}
			}
		}
	}

	@Test
	void leaveIsSentOnlyWhenTheUsersLastTabGoes() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:presence-3", "presence")) {
			state(alice);
			StreamsTestConnection bobTab1 = this.sockets.join("bob", "room:presence-3", "presence");
			StreamsTestConnection bobTab2 = this.sockets.join("bob", "room:presence-3", "presence");
			// Each tab's state arrives after the server recorded it, so both tabs count.
			state(bobTab1);
			state(bobTab2);
			assertThat(nextPresence(alice).path("event").asString()).isEqualTo("join");
			bobTab1.close();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> connectionsOf("room:presence-3", "bob") == 1);
			try (StreamsTestConnection carol = this.sockets.join("carol", "room:presence-3", "presence")) {
				JsonNode next = nextPresence(alice);
				assertThat(next.path("event").asString() + " " + next.path("data").path("id").asString())
					.as("no leave while bob has a tab").isEqualTo("join carol");
			}
			JsonNode carolLeft = nextPresence(alice);
			assertThat(carolLeft.path("event").asString() + " " + carolLeft.path("data"))
				.isEqualTo("leave {\"id\":\"carol\"}");
			bobTab2.close();
			JsonNode leave = nextPresence(alice);
			assertThat(leave.path("event").asString()).isEqualTo("leave");
			assertThat(leave.path("data").path("id").asString()).isEqualTo("bob");
			assertThat(this.presence.users("room:presence-3")).extracting(PresenceUser::id).containsExactly("alice");
		}
	}

	@Test
	void statusActionSendsUpdateToTheStreamForStandardAndCustomStatuses() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:presence-4", "presence");
				StreamsTestConnection bob = this.sockets.join("bob", "room:presence-4", "presence")) {
			state(alice);
			state(bob);
			assertThat(nextPresence(alice).path("event").asString()).isEqualTo("join");
			for (String status : List.of("away", "busy", "in a meeting", "online")) {
				alice.sendText("{\"type\":\"presence\",\"action\":\"status\",\"ref\":\"s\",\"data\":{\"status\":\"" + status
						+ "\"}}");
				JsonNode reply = alice.next("reply");
				assertThat(reply.path("data").path("status").asString()).isEqualTo(status);
				JsonNode update = nextPresence(bob);
				assertThat(update.path("event").asString()).isEqualTo("update");
				assertThat(update.path("data").path("id").asString()).isEqualTo("alice");
				assertThat(update.path("data").path("status").asString()).isEqualTo(status);
			}
			alice.sendText("{\"type\":\"presence\",\"action\":\"status\",\"ref\":\"s\",\"data\":{\"status\":\"away\"}}");
			nextPresence(bob);
			try (StreamsTestConnection carol = this.sockets.join("carol", "room:presence-4", "presence")) {
				assertThat(user(state(carol), "alice").path("status").asString()).isEqualTo("away");
			}
		}
	}

	@Test
	void statusThatIsEmptyBlankMissingOrTooLongFailsValidationAndSendsNoUpdate() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:presence-5", "presence");
				StreamsTestConnection bob = this.sockets.join("bob", "room:presence-5", "presence")) {
			state(bob);
			for (String data : List.of("{\"status\":\"\"}", "{\"status\":\"   \"}", "{}", "{\"status\":null}",
					"{\"status\":\"thirteen char\"}")) {
				alice.sendText("{\"type\":\"presence\",\"action\":\"status\",\"ref\":\"bad\",\"data\":" + data + "}");
				JsonNode error = alice.next((frame) -> "bad".equals(frame.path("ref").asString()));
				assertThat(error.path("type").asString()).as(data).isEqualTo("error");
				assertThat(error.path("code").asString()).as(data).isEqualTo("VALIDATION_FAILED");
			}
			alice.sendText("{\"type\":\"presence\",\"action\":\"status\",\"ref\":\"ok\",\"data\":{\"status\":\"twelve chars\"}}");
			JsonNode update = nextPresence(bob);
			assertThat(update.path("data").path("status").asString()).as("the first update is the valid one")
				.isEqualTo("twelve chars");
		}
	}

	@Test
	void anonymousConnectionsAreListedByConnectionIdAndMarkedAnonymous() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:presence-6", "presence")) {
			state(alice);
			try (StreamsTestConnection anonymous = this.sockets.connect(null, "room:presence-6", "presence", null);
					StreamsTestConnection another = this.sockets.connect(null, "room:presence-6", "presence", null)) {
				String connectionId = anonymous.next("welcome").path("data").path("connectionId").asString();
				String anotherId = another.next("welcome").path("data").path("connectionId").asString();
				assertThat(connectionId).isNotEmpty().isNotEqualTo(anotherId);
				JsonNode join = nextPresence(alice);
				assertThat(join.path("event").asString()).isEqualTo("join");
				assertThat(join.path("data").path("anonymous").asBoolean()).isTrue();
				JsonNode secondJoin = nextPresence(alice);
				assertThat(List.of(join.path("data").path("id").asString(), secondJoin.path("data").path("id").asString()))
					.as("each anonymous connection is a user of its own")
					.containsExactlyInAnyOrder(connectionId, anotherId);
				JsonNode state = state(another);
				JsonNode self = user(state, anotherId);
				assertThat(self.path("anonymous").asBoolean()).isTrue();
				assertThat(self.path("connections").asInt()).isEqualTo(1);
				assertThat(user(state, connectionId).path("anonymous").asBoolean()).isTrue();
				assertThat(user(state, "alice").path("anonymous").asBoolean()).isFalse();
			}
		}
	}

	@Test
	void userOfANodeThatDiedLeavesWithinTheTtlWhileLiveConnectionsStay() {
		String stream = "room:presence-7";
		try (StreamsTestConnection alice = this.sockets.join("alice", stream, "presence")) {
			state(alice);
			this.store.join(PresenceStore.Announcement.of(stream, "presence"), "ghost", false,
					"connection-of-a-dead-node", TTL);
			long injected = System.nanoTime();
			assertThat(nextPresence(alice).path("data").path("id").asString()).as("the join of the other node's user")
				.isEqualTo("ghost");
			try (StreamsTestConnection bob = this.sockets.join("bob", stream, "presence")) {
				assertThat(state(bob).path("users")).extracting((user) -> user.path("id").asString())
					.containsExactly("alice", "bob", "ghost");
				assertThat(nextPresence(alice).path("data").path("id").asString()).isEqualTo("bob");
				await().atMost(TTL.multipliedBy(2))
					.untilAsserted(() -> assertThat(alice.received()).anyMatch((frame) -> isLeave(frame, "ghost")));
				assertThat(Duration.ofNanos(System.nanoTime() - injected)).isGreaterThanOrEqualTo(TTL);
				JsonNode leave = nextPresence(alice);
				assertThat(leave.path("data").toString()).isEqualTo("{\"id\":\"ghost\"}");
				assertThat(bob.received()).anyMatch((frame) -> isLeave(frame, "ghost"));
				await().during(TTL.multipliedBy(2)).atMost(TTL.multipliedBy(3))
					.until(() -> this.presence.users(stream).size() == 2);
				assertThat(alice.received()).noneMatch((frame) -> isLeave(frame, "alice") || isLeave(frame, "bob"));
			}
		}
	}

	private long connectionsOf(String stream, String user) {
		return this.presence.users(stream)
			.stream()
			.filter((entry) -> entry.id().equals(user))
			.mapToInt(PresenceUser::connections)
			.sum();
	}

	private static boolean isLeave(JsonNode frame, String user) {
		return "presence".equals(frame.path("type").asString()) && "leave".equals(frame.path("event").asString())
				&& user.equals(frame.path("data").path("id").asString());
	}

	private static JsonNode state(StreamsTestConnection client) {
		JsonNode state = nextPresence(client);
		assertThat(state.path("event").asString()).as(state.toString()).isEqualTo("state");
		return state.path("data");
	}

	private static JsonNode nextPresence(StreamsTestConnection client) {
		return client.next("presence");
	}

	private static JsonNode user(JsonNode state, String id) {
		for (JsonNode user : state.path("users")) {
			if (id.equals(user.path("id").asString())) {
				return user;
			}
		}
		throw new AssertionError("No user " + id + " in " + state);
	}

}

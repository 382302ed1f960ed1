package io.wsstreams.pusher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.pusher.PusherTestClient.Socket;
import io.wsstreams.pusher.server.PusherActivity;
import io.wsstreams.pusher.server.PusherChannelDirectory;
import io.wsstreams.pusher.server.PusherChannelDirectory.PusherChannelInfo;
import io.wsstreams.pusher.server.PusherChannelDirectory.PusherMember;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for presence channels on one node through real sockets: members, tabs of one user,
 * limits, malformed channel data, the channel directory and the activity that webhooks
 * report.
 */
@StreamsServerTest
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
		"ws-streams.pusher.max-presence-members=3", "ws-streams.pusher.max-user-info-size=64B",
		"ws-streams.pusher.apps[1].id=small-id", "ws-streams.pusher.apps[1].key=small-key",
		"ws-streams.pusher.apps[1].secret=small-secret", "ws-streams.pusher.apps[1].max-presence-members=1",
		"ws-streams.pusher.apps[1].max-user-info-size=2KB" })
@Import(PusherPresenceTests.Recording.class)
class PusherPresenceTests extends PusherSocketTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@Autowired
	private PusherChannelDirectory directory;

	@Autowired
	private PusherActivityRecorder activity;

	@Test
	void subscriptionListsTheMembersAndNewMembersAreAnnouncedToTheOthersOnly() {
		Socket ada = this.client.connect("app-key");
		Socket bob = this.client.connect("app-key");
		try (ada; bob) {
			JsonNode first = ada.joined(this.signatures, "presence-room", member("ada", "{\"name\":\"Ada\"}"));
			assertThat(first.path("count").asInt()).isEqualTo(1);
			assertThat(first.path("ids")).extracting(JsonNode::asString).containsExactly("ada");
			assertThat(first.path("hash").path("ada").path("name").asString()).isEqualTo("Ada");
			JsonNode second = bob.joined(this.signatures, "presence-room", member("bob", null));
			assertThat(second.path("ids")).extracting(JsonNode::asString).containsExactly("ada", "bob");
			assertThat(second.path("count").asInt()).isEqualTo(2);
			assertThat(second.path("hash").has("bob")).isTrue();
			JsonNode added = ada.connection().next();
			assertThat(added.path("event").asString()).isEqualTo("pusher_internal:member_added");
			assertThat(added.path("channel").asString()).isEqualTo("presence-room");
			assertThat(PusherTestClient.data(added).path("user_id").asString()).isEqualTo("bob");
			assertThat(bob.roundTrip()).as("no announcement of its own arrival").isEmpty();
			bob.close();
			JsonNode removed = ada.connection().next();
			assertThat(removed.path("event").asString()).isEqualTo("pusher_internal:member_removed");
			assertThat(PusherTestClient.data(removed).path("user_id").asString()).isEqualTo("bob");
		}
	}

	@Test
	void secondTabOfAUserAddsNoMemberAndOnlyItsLastConnectionRemovesIt() {
		Socket watcher = this.client.connect("app-key");
		Socket tab1 = this.client.connect("app-key");
		Socket tab2 = this.client.connect("app-key");
		try (watcher; tab1; tab2) {
			watcher.joined(this.signatures, "presence-tabs", member("wes", null));
			tab1.joined(this.signatures, "presence-tabs", member("tia", null));
			assertThat(watcher.connection().next().path("event").asString()).isEqualTo("pusher_internal:member_added");
			JsonNode again = tab2.joined(this.signatures, "presence-tabs", member("tia", null));
			assertThat(again.path("count").asInt()).isEqualTo(2);
			assertThat(watcher.roundTrip()).as("no member_added for a second tab").isEmpty();
			assertThat(this.directory.channel("app-id", "presence-tabs")).isEqualTo(new PusherChannelInfo(3, 2));
			tab1.close();
			await().atMost(WAIT)
				.until(() -> this.directory.channel("app-id", "presence-tabs").subscriptionCount() == 2);
			assertThat(watcher.roundTrip()).as("tia still has a tab").isEmpty();
			tab2.close();
			JsonNode removed = watcher.connection().next();
			assertThat(removed.path("event").asString()).isEqualTo("pusher_internal:member_removed");
			assertThat(PusherTestClient.data(removed).path("user_id").asString()).isEqualTo("tia");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(this.activity.on("presence-tabs")).containsExactly(
						"app-id channel_occupied presence-tabs", "app-id member_added presence-tabs wes",
						"app-id member_added presence-tabs tia", "app-id member_removed presence-tabs tia"));
		}
	}

	@Test
	void numericUserIdIsTakenAsItsDecimalText() {
		try (Socket socket = this.client.connect("app-key")) {
			JsonNode presence = socket.joined(this.signatures, "presence-numbers", "{\"user_id\":10}");
			assertThat(presence.path("ids")).extracting(JsonNode::asString).containsExactly("10");
			assertThat(this.directory.members("app-id", "presence-numbers"))
				.containsExactly(new PusherMember("10", null));
		}
	}

	@Test
	void malformedChannelDataIsRefusedWithAnErrorAndTheSocketStaysOpen() {
		try (Socket socket = this.client.connect("app-key")) {
			String deep = "{\"user_id\":\"x\",\"user_info\":" + "[".repeat(500) + "]".repeat(500) + "}";
			for (String channelData : List.of("not json", "[1]", "{}", "{\"user_id\":true}", "{\"user_id\":\"\"}",
					"{\"user_id\":{\"id\":1}}", "{\"user_id\":1.5}", "{\"user_id\":\"" + "u".repeat(129) + "\"}",
					deep)) {
				String socketId = socket.socketId();
				socket.connection()
					.sendJson(PusherTestClient.presence(this.signatures, socketId, "presence-bad", channelData));
				JsonNode error = socket.connection().next();
				assertThat(error.path("event").asString()).as(channelData).isIn("pusher:error",
						"pusher:subscription_error");
			}
			socket.connection()
				.sendJson(Map.of("event", "pusher:subscribe", "data",
						Map.of("channel", "presence-bad", "auth", this.signatures.authorizeChannel(socket.socketId(),
								"presence-bad"))));
			assertThat(socket.connection().next().path("data").path("message").asString())
				.contains("channel_data");
			socket.connection()
				.sendJson(Map.of("event", "pusher:subscribe", "data", Map.of("channel", "presence-bad", "auth",
						this.signatures.authorizeChannel(socket.socketId(), "presence-bad"), "channel_data",
						"{\"user_id\":\"eve\"}")));
			assertThat(socket.connection().next().path("data").path("message").asString())
				.startsWith("Invalid signature");
			assertThat(socket.roundTrip()).isEmpty();
			assertThat(this.directory.channel("app-id", "presence-bad").occupied()).isFalse();
		}
	}

	@Test
	void userInfoOverTheLimitIsRefusedWithASubscriptionError4301() {
		try (Socket socket = this.client.connect("app-key")) {
			String info = "{\"bio\":\"" + "x".repeat(100) + "\"}";
			socket.connection()
				.sendJson(PusherTestClient.presence(this.signatures, socket.socketId(), "presence-big",
						member("big", info)));
			JsonNode error = socket.connection().next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:subscription_error");
			assertThat(error.path("channel").asString()).isEqualTo("presence-big");
			assertThat(error.path("data").path("status").asInt()).isEqualTo(4301);
			assertThat(this.directory.channel("app-id", "presence-big").occupied()).isFalse();
		}
	}

	@Test
	void anAppsOwnLimitsReplaceTheEndpointsForItsChannelsOnly() {
		PusherSignatures small = new PusherSignatures("small-key", "small-secret");
		String bigInfo = "{\"bio\":\"" + "x".repeat(100) + "\"}";
		try (Socket first = this.client.connect("small-key"); Socket second = this.client.connect("small-key")) {
			first.joined(small, "presence-solo", member("u1", bigInfo));
			second.connection()
				.sendJson(PusherTestClient.presence(small, second.socketId(), "presence-solo", member("u2", null)));
			JsonNode error = second.connection().next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:subscription_error");
			assertThat(error.path("data").path("status").asInt()).isEqualTo(4100);
		}
	}

	@Test
	void memberOverTheLimitIsRefusedWithASubscriptionError4100WhileMoreTabsOfAMemberAreNot() {
		List<Socket> sockets = new ArrayList<>();
		try {
			for (String user : List.of("u1", "u2", "u3")) {
				Socket socket = this.client.connect("app-key");
				sockets.add(socket);
				socket.joined(this.signatures, "presence-full", member(user, null));
			}
			Socket fourth = this.client.connect("app-key");
			sockets.add(fourth);
			fourth.connection()
				.sendJson(PusherTestClient.presence(this.signatures, fourth.socketId(), "presence-full",
						member("u4", null)));
			JsonNode error = fourth.connection().next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:subscription_error");
			assertThat(error.path("data").path("type").asString()).isEqualTo("LimitReached");
			assertThat(error.path("data").path("status").asInt()).isEqualTo(4100);
			JsonNode tab = fourth.joined(this.signatures, "presence-full", member("u1", null));
			assertThat(tab.path("count").asInt()).isEqualTo(3);
			assertThat(this.directory.channel("app-id", "presence-full")).isEqualTo(new PusherChannelInfo(4, 3));
		}
		finally {
			sockets.forEach(Socket::close);
		}
	}

	@Test
	void clientEventOnAPresenceChannelNamesItsSenderAndIsReported() {
		Socket ada = this.client.connect("app-key");
		Socket bob = this.client.connect("app-key");
		try (ada; bob) {
			ada.joined(this.signatures, "presence-chat", member("ada", null));
			bob.joined(this.signatures, "presence-chat", member("bob", null));
			ada.connection().next();
			ada.connection().sendJson(PusherTestClient.event("client-typing", "presence-chat", Map.of("on", true)));
			JsonNode relayed = bob.connection().next();
			assertThat(relayed.path("event").asString()).isEqualTo("client-typing");
			assertThat(relayed.path("user_id").asString()).isEqualTo("ada");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(this.activity.events())
					.filteredOn((event) -> PusherActivity.CLIENT_EVENT.equals(event.name())
							&& "presence-chat".equals(event.channel()))
					.singleElement()
					.satisfies((event) -> {
						assertThat(event.userId()).isEqualTo("ada");
						assertThat(event.socketId()).isEqualTo(ada.socketId());
						assertThat(event.event()).isEqualTo("client-typing");
						assertThat(event.data()).isEqualTo("{\"on\":true}");
					}));
		}
	}

	@Test
	void directoryCountsChannelsAndReportsOccupiedAndVacatedOnce() {
		Socket one = this.client.connect("app-key");
		Socket two = this.client.connect("app-key");
		try (one; two) {
			one.subscribed(PusherTestClient.subscribe("dir-news"));
			two.subscribed(PusherTestClient.subscribe("dir-news"));
			two.subscribed(PusherTestClient.subscribe("dir-sports"));
			assertThat(this.directory.channels("app-id", "dir-")).containsOnlyKeys("dir-news", "dir-sports")
				.containsEntry("dir-news", new PusherChannelInfo(2, 0));
			assertThat(this.directory.channel("app-id", "dir-none")).isEqualTo(PusherChannelInfo.VACANT);
			one.close();
			two.close();
			await().atMost(WAIT).until(() -> this.directory.channels("app-id", "dir-").isEmpty());
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(this.activity.on("dir-news"))
					.containsExactly("app-id channel_occupied dir-news", "app-id channel_vacated dir-news"));
		}
	}

	@Test
	void aThousandSubscriptionsOfOneSocketAreServedAndLeaveNothingBehind() {
		try (Socket socket = this.client.connect("app-key")) {
			for (int i = 0; i < 1000; i++) {
				socket.connection().sendJson(PusherTestClient.subscribe("flood-" + i));
			}
			List<JsonNode> replies = socket.roundTrip();
			assertThat(replies).hasSize(1000)
				.allMatch((reply) -> PusherTestClient.isEvent(reply, "pusher_internal:subscription_succeeded"));
			assertThat(this.directory.channels("app-id", "flood-")).hasSize(1000);
		}
		await().atMost(WAIT).until(() -> this.directory.channels("app-id", "flood-").isEmpty());
	}

	static String member(String userId, String userInfo) {
		return "{\"user_id\":\"" + userId + "\"" + ((userInfo != null) ? ",\"user_info\":" + userInfo : "") + "}";
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		PusherActivityRecorder pusherActivityRecorder() {
			return new PusherActivityRecorder();
		}

	}

}

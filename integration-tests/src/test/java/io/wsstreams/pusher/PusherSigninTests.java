package io.wsstreams.pusher;

import java.util.Map;

import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.pusher.PusherTestClient.Socket;
import io.wsstreams.pusher.server.PusherChannelDirectory;
import io.wsstreams.pusher.server.PusherEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for user sign-in, events to users, the termination of a user's connections and
 * encrypted channels on one node, through real sockets.
 */
@StreamsServerTest
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
		"ws-streams.pusher.apps[0].encryption-master-key=d3Mtc3RyZWFtcyBkZW1vIG1hc3RlciBrZXkgMzIgYiE=" })
class PusherSigninTests extends PusherSocketTestSupport {

	@Autowired
	private PusherEvents events;

	@Autowired
	private PusherChannelDirectory directory;

	@Test
	void signinWithAValidAuthSucceedsAndTheUserReceivesItsEvents() {
		try (Socket socket = this.client.connect("app-key")) {
			String userData = "{\"id\":\"ada\",\"name\":\"Ada\"}";
			socket.connection().sendJson(PusherTestClient.signin(this.signatures, socket.socketId(), userData));
			JsonNode success = socket.connection().next();
			assertThat(success.path("event").asString()).isEqualTo("pusher:signin_success");
			assertThat(success.path("data").path("user_data").asString()).isEqualTo(userData);
			this.events.sendToUser("app-id", "ada", "note", "{\"text\":\"hi\"}");
			JsonNode note = socket.connection().next();
			assertThat(note.path("event").asString()).isEqualTo("note");
			assertThat(note.path("channel").asString()).isEqualTo("#server-to-user-ada");
			assertThat(note.path("data").asString()).isEqualTo("{\"text\":\"hi\"}");
		}
	}

	@Test
	void signinWithAWrongAuthGetsError4009AndIsClosedWith4009() {
		Socket socket = this.client.connect("app-key");
		Socket other = this.client.connect("app-key");
		try (socket; other) {
			socket.connection()
				.sendJson(PusherTestClient.signin(this.signatures, other.socketId(), "{\"id\":\"ada\"}"));
			JsonNode error = socket.connection().next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:error");
			assertThat(error.path("data").path("code").asInt()).isEqualTo(4009);
			assertThat(socket.connection().awaitClose().code()).isEqualTo(4009);
		}
	}

	@Test
	void signinWithoutAUserIdIsRefusedWith4009() {
		for (String userData : new String[] { "{}", "{\"id\":\"\"}", "{\"id\":[1]}", "not json" }) {
			try (Socket socket = this.client.connect("app-key")) {
				socket.connection().sendJson(PusherTestClient.signin(this.signatures, socket.socketId(), userData));
				JsonNode error = socket.connection().next();
				assertThat(error.path("data").path("code").asInt()).as(userData).isEqualTo(4009);
				assertThat(socket.connection().awaitClose().code()).isEqualTo(4009);
			}
		}
	}

	@Test
	void terminateClosesEveryConnectionOfTheSignedInUserWith4009AndNoOther() {
		Socket tab1 = this.client.connect("app-key");
		Socket tab2 = this.client.connect("app-key");
		Socket bob = this.client.connect("app-key");
		Socket presenceOnly = this.client.connect("app-key");
		try (tab1; tab2; bob; presenceOnly) {
			signIn(tab1, "ada");
			signIn(tab2, "ada");
			signIn(bob, "bob");
			presenceOnly.joined(this.signatures, "presence-term", "{\"user_id\":\"ada\"}");
			this.directory.terminate("app-id", "ada");
			for (Socket tab : new Socket[] { tab1, tab2 }) {
				assertThat(tab.connection().next().path("data").path("code").asInt()).isEqualTo(4009);
				assertThat(tab.connection().awaitClose().code()).isEqualTo(4009);
			}
			assertThat(bob.roundTrip()).isEmpty();
			assertThat(presenceOnly.roundTrip()).as("a presence member that did not sign in stays").isEmpty();
		}
	}

	@Test
	void encryptedChannelNeedsItsAuthAndRelaysTriggeredDataUnchanged() {
		Socket socket = this.client.connect("app-key");
		Socket stranger = this.client.connect("app-key");
		try (socket; stranger) {
			String channel = "private-encrypted-vault";
			stranger.connection().sendJson(PusherTestClient.subscribe(channel));
			assertThat(stranger.connection().next().path("data").path("message").asString())
				.startsWith("Invalid signature");
			socket.subscribed(
					PusherTestClient.subscribe(channel, this.signatures.authorizeChannel(socket.socketId(), channel)));
			String sealed = "{\"nonce\":\"bm9uY2Vub25jZW5vbmNlbm9uY2Vub25j\",\"ciphertext\":\"c2VhbGVk\"}";
			this.events.trigger("app-id", channel, "secret", sealed);
			JsonNode event = socket.connection().next();
			assertThat(event.path("event").asString()).isEqualTo("secret");
			assertThat(event.path("data").asString()).isEqualTo(sealed);
			assertThat(stranger.roundTrip()).isEmpty();
		}
	}

	@Test
	void clientEventsAreRefusedOnEncryptedChannels() {
		Socket sender = this.client.connect("app-key");
		Socket receiver = this.client.connect("app-key");
		try (sender; receiver) {
			String channel = "private-encrypted-chat";
			for (Socket socket : new Socket[] { sender, receiver }) {
				String auth = this.signatures.authorizeChannel(socket.socketId(), channel);
				socket.subscribed(PusherTestClient.subscribe(channel, auth));
			}
			sender.connection().sendJson(PusherTestClient.event("client-hi", channel, Map.of("ciphertext", "x")));
			JsonNode error = sender.connection().next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:error");
			assertThat(error.path("data").path("message").asString()).contains("encrypted");
			assertThat(receiver.roundTrip()).isEmpty();
		}
	}

	private void signIn(Socket socket, String user) {
		socket.connection()
			.sendJson(PusherTestClient.signin(this.signatures, socket.socketId(), "{\"id\":\"" + user + "\"}"));
		assertThat(socket.connection().next().path("event").asString()).isEqualTo("pusher:signin_success");
	}

}

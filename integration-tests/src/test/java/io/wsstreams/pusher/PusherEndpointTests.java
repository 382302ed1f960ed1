package io.wsstreams.pusher;

import java.util.List;
import java.util.Map;

import io.wsstreams.it.RawWebSocket;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.pusher.PusherTestClient.Socket;
import io.wsstreams.pusher.server.PusherEvents;
import io.wsstreams.test.CloseStatus;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the Pusher endpoint through real sockets: connecting, pings, public and
 * private channels, events triggered by the application and client events.
 */
@StreamsServerTest
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
		"ws-streams.pusher.apps[1].id=quiet-app", "ws-streams.pusher.apps[1].key=quiet-key",
		"ws-streams.pusher.apps[1].secret=quiet-secret",
		"ws-streams.pusher.apps[1].allowed-origins=https://app.example.com",
		"ws-streams.pusher.apps[1].client-events=false" })
class PusherEndpointTests extends PusherSocketTestSupport {

	@Autowired
	private PusherEvents events;

	@Test
	void connectionIsEstablishedWithASocketIdAndTheActivityTimeout() {
		try (StreamsTestConnection connection = this.client.open("app-key")) {
			JsonNode established = connection.next();
			assertThat(established.path("event").asString()).isEqualTo("pusher:connection_established");
			assertThat(established.path("data").isString()).isTrue();
			JsonNode data = PusherTestClient.data(established);
			assertThat(PusherNames.isValidSocketId(data.path("socket_id").asString())).isTrue();
			assertThat(data.path("activity_timeout").asInt()).isEqualTo(120);
		}
	}

	@Test
	void pingIsAnsweredWithPong() {
		Socket socket = this.client.connect("app-key");
		try (StreamsTestConnection connection = socket.connection()) {
			connection.sendText("{\"event\":\"pusher:ping\",\"data\":{}}");
			JsonNode pong = connection.next();
			assertThat(pong.path("event").asString()).isEqualTo("pusher:pong");
		}
	}

	@Test
	void unknownKeyIsClosedWith4001() {
		try (StreamsTestConnection connection = this.client.open("no-such-key")) {
			JsonNode error = connection.next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:error");
			assertThat(error.path("data").path("code").asInt()).isEqualTo(4001);
			assertThat(connection.awaitClose().code()).isEqualTo(4001);
		}
	}

	@Test
	void unsupportedProtocolVersionIsClosedWith4007() {
		assertRefused("/app/app-key?protocol=6", Map.of(), 4007);
	}

	@Test
	void missingProtocolVersionIsClosedWith4008() {
		assertRefused("/app/app-key", Map.of(), 4008);
	}

	@Test
	void malformedProtocolVersionIsClosedWith4006() {
		assertRefused("/app/app-key?protocol=seven", Map.of(), 4006);
	}

	@Test
	void originNotAllowedByTheAppIsClosedWith4009() {
		try (RawWebSocket socket = RawWebSocket.open(this.port, "/app/quiet-key?protocol=7",
				Map.of("Origin", "https://evil.example.net"))) {
			assertThat(socket.status()).isEqualTo(101);
			assertThat(socket.readFrame().text()).contains("\"pusher:error\"").contains("4009");
			RawWebSocket.Frame close = socket.readFrame();
			assertThat(close.opcode()).isEqualTo(8);
			assertThat(((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF)).isEqualTo(4009);
		}
	}

	@Test
	void originAllowedByTheAppIsEstablished() {
		assertEstablished("/app/quiet-key?protocol=7", "https://app.example.com");
	}

	@Test
	void anyOriginIsAllowedByDefault() {
		assertEstablished("/app/app-key?protocol=7", "https://anywhere.example.net");
	}

	private void assertEstablished(String pathAndQuery, String origin) {
		try (RawWebSocket socket = RawWebSocket.open(this.port, pathAndQuery, Map.of("Origin", origin))) {
			assertThat(socket.status()).isEqualTo(101);
			assertThat(socket.readFrame().text()).contains("pusher:connection_established");
		}
	}

	@Test
	void triggeredEventReachesTheSubscribersOfAPublicChannel() {
		Socket first = this.client.connect("app-key");
		Socket second = this.client.connect("app-key");
		Socket other = this.client.connect("app-key");
		try (first; second; other) {
			first.subscribed(PusherTestClient.subscribe("orders"));
			second.subscribed(PusherTestClient.subscribe("orders"));
			other.subscribed(PusherTestClient.subscribe("invoices"));
			this.events.trigger("app-id", "orders", "order-shipped", "{\"id\":42}");
			for (Socket socket : List.of(first, second)) {
				JsonNode event = socket.connection().next();
				assertThat(event.path("event").asString()).isEqualTo("order-shipped");
				assertThat(event.path("channel").asString()).isEqualTo("orders");
				assertThat(event.path("data").asString()).isEqualTo("{\"id\":42}");
			}
			assertThat(other.roundTrip()).isEmpty();
		}
	}

	@Test
	void triggerExcludesTheGivenSocket() {
		Socket sender = this.client.connect("app-key");
		Socket receiver = this.client.connect("app-key");
		try (sender; receiver) {
			sender.subscribed(PusherTestClient.subscribe("news"));
			receiver.subscribed(PusherTestClient.subscribe("news"));
			this.events.trigger("app-id", List.of("news"), "posted", "{}", sender.socketId());
			assertThat(receiver.connection().next().path("event").asString()).isEqualTo("posted");
			assertThat(sender.roundTrip()).isEmpty();
		}
	}

	@Test
	void unsubscribedSocketNoLongerReceivesEvents() {
		Socket socket = this.client.connect("app-key");
		try (socket) {
			socket.subscribed(PusherTestClient.subscribe("weather"));
			socket.connection()
				.sendJson(Map.of("event", "pusher:unsubscribe", "data", Map.of("channel", "weather")));
			socket.roundTrip();
			this.events.trigger("app-id", "weather", "rain", "{}");
			assertThat(socket.roundTrip()).isEmpty();
		}
	}

	@Test
	void triggerRefusesUnknownAppsAndInvalidNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.events.trigger("nope", "orders", "e", "{}"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.events.trigger("app-id", "a#b", "e", "{}"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.events.trigger("app-id", List.of("orders"), "e", "{}", "not-a-socket"));
	}

	@Test
	void privateChannelIsSubscribedWithACorrectAuth() {
		Socket socket = this.client.connect("app-key");
		try (socket) {
			String auth = this.signatures.authorizeChannel(socket.socketId(), "private-room");
			socket.subscribed(PusherTestClient.subscribe("private-room", auth));
			this.events.trigger("app-id", "private-room", "said", "{\"text\":\"hi\"}");
			assertThat(socket.connection().next().path("event").asString()).isEqualTo("said");
		}
	}

	@Test
	void privateChannelIsRefusedWithAWrongAuth() {
		Socket socket = this.client.connect("app-key");
		Socket other = this.client.connect("app-key");
		try (socket; other) {
			String othersAuth = this.signatures.authorizeChannel(other.socketId(), "private-vault");
			socket.connection().sendJson(PusherTestClient.subscribe("private-vault", othersAuth));
			JsonNode error = socket.connection().next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:error");
			assertThat(error.path("data").path("message").asString()).startsWith("Invalid signature");
			socket.connection().sendJson(PusherTestClient.subscribe("private-vault"));
			assertThat(socket.connection().next().path("event").asString()).isEqualTo("pusher:error");
			this.events.trigger("app-id", "private-vault", "secret", "{}");
			assertThat(socket.roundTrip()).isEmpty();
			assertThat(socket.connection().isClosed()).isFalse();
		}
	}

	@Test
	void clientEventIsRelayedToTheOtherSubscribersAndNotEchoed() {
		Socket sender = this.client.connect("app-key");
		Socket receiver = this.client.connect("app-key");
		try (sender; receiver) {
			sender.subscribed(PusherTestClient.subscribe("private-chat",
					this.signatures.authorizeChannel(sender.socketId(), "private-chat")));
			receiver.subscribed(PusherTestClient.subscribe("private-chat",
					this.signatures.authorizeChannel(receiver.socketId(), "private-chat")));
			sender.connection()
				.sendJson(PusherTestClient.event("client-typing", "private-chat", Map.of("user", "ada")));
			JsonNode relayed = receiver.connection().next();
			assertThat(relayed.path("event").asString()).isEqualTo("client-typing");
			assertThat(relayed.path("channel").asString()).isEqualTo("private-chat");
			assertThat(PusherTestClient.data(relayed).path("user").asString()).isEqualTo("ada");
			assertThat(sender.roundTrip()).isEmpty();
		}
	}

	@Test
	void clientEventIsRefusedOnPublicAndUnsubscribedChannels() {
		Socket sender = this.client.connect("app-key");
		Socket receiver = this.client.connect("app-key");
		try (sender; receiver) {
			sender.subscribed(PusherTestClient.subscribe("lobby"));
			receiver.subscribed(PusherTestClient.subscribe("lobby"));
			sender.connection().sendJson(PusherTestClient.event("client-wave", "lobby", Map.of()));
			assertThat(sender.connection().next().path("event").asString()).isEqualTo("pusher:error");
			sender.connection().sendJson(PusherTestClient.event("client-wave", "private-elsewhere", Map.of()));
			assertThat(sender.connection().next().path("event").asString()).isEqualTo("pusher:error");
			assertThat(receiver.roundTrip()).isEmpty();
		}
	}

	@Test
	void clientEventIsRefusedWhenTheAppDisablesThem() {
		PusherSignatures quiet = new PusherSignatures("quiet-key", "quiet-secret");
		Socket sender = this.client.connect("quiet-key");
		Socket receiver = this.client.connect("quiet-key");
		try (sender; receiver) {
			sender.subscribed(PusherTestClient.subscribe("private-hall",
					quiet.authorizeChannel(sender.socketId(), "private-hall")));
			receiver.subscribed(PusherTestClient.subscribe("private-hall",
					quiet.authorizeChannel(receiver.socketId(), "private-hall")));
			sender.connection().sendJson(PusherTestClient.event("client-hello", "private-hall", Map.of()));
			JsonNode error = sender.connection().next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:error");
			assertThat(error.path("data").path("message").asString()).contains("not enabled");
			assertThat(receiver.roundTrip()).isEmpty();
		}
	}

	@Test
	void clientEventsOverTenPerSecondAreRefusedWith4301() {
		Socket sender = this.client.connect("app-key");
		Socket receiver = this.client.connect("app-key");
		try (sender; receiver) {
			sender.subscribed(PusherTestClient.subscribe("private-busy",
					this.signatures.authorizeChannel(sender.socketId(), "private-busy")));
			receiver.subscribed(PusherTestClient.subscribe("private-busy",
					this.signatures.authorizeChannel(receiver.socketId(), "private-busy")));
			for (int i = 0; i < 20; i++) {
				sender.connection().sendJson(PusherTestClient.event("client-burst", "private-busy", Map.of("i", i)));
			}
			List<JsonNode> errors = sender.roundTrip();
			assertThat(errors).isNotEmpty()
				.allSatisfy((error) -> assertThat(error.path("data").path("code").asInt()).isEqualTo(4301));
			List<JsonNode> relayed = receiver.roundTrip();
			assertThat(relayed).hasSize(20 - errors.size()).hasSizeGreaterThanOrEqualTo(10);
			assertThat(sender.connection().isClosed()).isFalse();
		}
	}

	@Test
	void invalidMessageIsAnsweredWithAnError() {
		Socket socket = this.client.connect("app-key");
		try (socket) {
			socket.connection().sendText("not json");
			assertThat(socket.connection().next().path("event").asString()).isEqualTo("pusher:error");
			assertThat(socket.roundTrip()).isEmpty();
		}
	}

	private void assertRefused(String pathAndQuery, Map<String, String> headers, int code) {
		try (StreamsTestConnection connection = this.client.open(pathAndQuery, headers)) {
			JsonNode error = connection.next();
			assertThat(error.path("event").asString()).isEqualTo("pusher:error");
			assertThat(error.path("data").path("code").asInt()).isEqualTo(code);
			CloseStatus status = connection.awaitClose();
			assertThat(status.code()).isEqualTo(code);
		}
	}

}

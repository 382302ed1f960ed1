package io.wsstreams.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.wsstreams.broker.memory.InMemoryMessageBroker;
import io.wsstreams.test.HandshakeRefusedException;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code streams} actuator endpoint over HTTP: the summary's shape, one stream's
 * connections, closing a stream with 1001, draining the node with 1012, with readiness
 * and new handshakes refused while draining, and ending a drain.
 */
@OperationsTest
class StreamsEndpointTests extends OperationsTestSupport {

	@Test
	void summaryHasExactlyTheContractFields() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:ops-summary", "echo,log")) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.actuator.streams().path("connections").asInt()).isEqualTo(1));
			JsonNode summary = this.actuator.streams();
			assertThat(summary.propertyNames()).containsExactlyInAnyOrder("connections", "streams", "messagesIn",
					"messagesOut", "bytesIn", "bytesOut", "errors", "handshakesRejected", "startedAt", "features");
			assertThat(summary.path("streams").asInt()).isEqualTo(1);
			for (String counter : List.of("messagesIn", "messagesOut", "bytesIn", "bytesOut", "errors")) {
				assertThat(summary.path(counter).isIntegralNumber()).as(counter).isTrue();
			}
			assertThat(summary.path("messagesOut").asLong()).isPositive();
			assertThat(summary.path("handshakesRejected").isObject()).isTrue();
			assertThat(Instant.parse(summary.path("startedAt").asString())).isBefore(Instant.now());
			JsonNode features = summary.path("features");
			assertThat(features.propertyNames()).contains("echo", "notifications", "log", "chat", "presence");
			for (String feature : features.propertyNames()) {
				assertThat(features.path(feature).propertyNames()).as(feature)
					.containsExactlyInAnyOrder("strategy", "connections", "messagesIn", "messagesOut", "bytesIn",
							"bytesOut");
			}
			assertThat(features.path("echo").path("strategy").asString()).isEqualTo("pub-sub");
			assertThat(features.path("log").path("strategy").asString()).isEqualTo("streams");
			assertThat(features.path("echo").path("connections").asInt()).isEqualTo(1);
			assertThat(features.path("log").path("connections").asInt()).isEqualTo(1);
			assertThat(features.path("chat").path("connections").asInt()).isZero();
		}
	}

	@Test
	void streamListsItsConnections() {
		try (StreamsTestConnection alice = this.sockets.connect("alice", "room:ops-list", "echo,notifications", null);
				StreamsTestConnection bob = this.sockets.connect("bob", "room:ops-list", "notifications", null);
				StreamsTestConnection elsewhere = this.sockets.join("carol", "room:ops-list-other", "echo")) {
			String aliceId = alice.next("welcome").path("data").path("connectionId").asString();
			String bobId = bob.next("welcome").path("data").path("connectionId").asString();
			alice.sendText("{\"type\":\"echo\",\"ref\":\"a1\",\"data\":{\"n\":1}}");
			alice.sendText("{\"type\":\"echo\",\"ref\":\"a2\",\"data\":{\"n\":2}}");
			alice.next((frame) -> "a2".equals(frame.path("ref").asString()));

			Actuator.Response response = this.actuator.get("/streams/room:ops-list");

			assertThat(response.status()).isEqualTo(200);
			JsonNode connections = response.json();
			assertThat(connections).hasSize(2);
			for (JsonNode connection : connections) {
				assertThat(connection.propertyNames()).containsExactlyInAnyOrder("id", "user", "clients",
						"connectedAt", "messagesIn", "messagesOut");
				assertThat(Instant.parse(connection.path("connectedAt").asString())).isBefore(Instant.now());
			}
			JsonNode first = connections.get(0);
			JsonNode second = connections.get(1);
			assertThat(List.of(first.path("id").asString(), second.path("id").asString()))
				.containsExactlyInAnyOrder(aliceId, bobId);
			JsonNode aliceEntry = aliceId.equals(first.path("id").asString()) ? first : second;
			JsonNode bobEntry = (aliceEntry == first) ? second : first;
			assertThat(aliceEntry.path("user").asString()).isEqualTo("alice");
			assertThat(texts(aliceEntry.path("clients"))).containsExactly("echo", "notifications");
			assertThat(aliceEntry.path("messagesIn").asLong()).isEqualTo(2);
			assertThat(aliceEntry.path("messagesOut").asLong()).isEqualTo(3);
			assertThat(bobEntry.path("user").asString()).isEqualTo("bob");
			assertThat(texts(bobEntry.path("clients"))).containsExactly("notifications");
			assertThat(bobEntry.path("messagesIn").asLong()).isZero();
			assertThat(bobEntry.path("messagesOut").asLong()).isEqualTo(1);
		}
	}

	@Test
	void streamWithoutConnectionsIsNotFound() {
		assertThat(this.actuator.get("/streams/room:ops-nobody").status()).isEqualTo(404);
		StreamsTestConnection alice = this.sockets.join("alice", "room:ops-left", "echo");
		assertThat(this.actuator.get("/streams/room:ops-left").status()).isEqualTo(200);
		alice.close();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.actuator.get("/streams/room:ops-left").status()).isEqualTo(404));
	}

	@Test
	void deleteClosesTheStreamsConnectionsWithGoingAway() {
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:ops-delete", "echo");
				StreamsTestConnection bob = this.sockets.join("bob", "room:ops-delete", "notifications");
				StreamsTestConnection elsewhere = this.sockets.join("carol", "room:ops-keep", "echo")) {
			Actuator.Response response = this.actuator.delete("/streams/room:ops-delete");

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().path("stream").asString()).isEqualTo("room:ops-delete");
			assertThat(response.json().path("closed").asInt()).isEqualTo(2);
			for (StreamsTestConnection client : List.of(alice, bob)) {
				assertThat(client.awaitClose().code()).isEqualTo(1001);
				assertThat(client.awaitClose().reason()).isEqualTo("Going away");
			}
			elsewhere.sendText("{\"type\":\"ping\",\"ref\":\"p\"}");
			assertThat(elsewhere.next("pong").path("ref").asString()).isEqualTo("p");
			assertThat(elsewhere.isClosed()).isFalse();
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(
						() -> assertThat(this.actuator.get("/streams/room:ops-delete").status()).isEqualTo(404));
		}
	}

	@Test
	void deleteOfAStreamWithoutConnectionsClosesNone() {
		Actuator.Response response = this.actuator.delete("/streams/room:ops-nobody");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("closed").asInt()).isZero();
	}

	@Test
	void drainClosesEveryConnectionWithServiceRestartAndRefusesNewHandshakes() {
		List<StreamsTestConnection> clients = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			clients.add(this.sockets.join("drained-" + i, "room:ops-drain-" + (i % 2), "echo"));
		}
		assertThat(this.actuator.get("/health/readiness").status()).isEqualTo(200);
		long refusedBefore = this.actuator.streams().path("handshakesRejected").path("draining").asLong(0);

		Actuator.Response response = this.actuator.post("/streams", "{\"rate\":50}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("draining").asBoolean()).isTrue();
		assertThat(response.json().path("connections").asInt()).isEqualTo(3);
		assertThat(response.json().path("rate").asDouble()).isEqualTo(50.0);
		for (StreamsTestConnection client : clients) {
			assertThat(client.awaitClose().code()).isEqualTo(1012);
			assertThat(client.awaitClose().reason()).isEqualTo("Service restart");
		}
		HandshakeRefusedException refused = catchThrowableOfType(HandshakeRefusedException.class,
				() -> this.sockets.connect("late", "room:ops-drain-0", "echo", null));
		assertThat(refused.status()).isEqualTo(503);
		assertThat(this.actuator.streams().path("handshakesRejected").path("draining").asLong())
			.isEqualTo(refusedBefore + 1);
		Actuator.Response readiness = this.actuator.get("/health/readiness");
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.json().path("status").asString()).isEqualTo("OUT_OF_SERVICE");
		JsonNode health = this.actuator.get("/health/streams").json();
		assertThat(health.path("details").path("draining").asBoolean()).isTrue();
	}

	@Test
	void endingADrainAcceptsHandshakesAndReportsReadyAgain() {
		assertThat(this.actuator.post("/streams", "{\"rate\":10}").status()).isEqualTo(200);
		assertThat(this.actuator.get("/health/readiness").status()).isEqualTo(503);
		HandshakeRefusedException refused = catchThrowableOfType(HandshakeRefusedException.class,
				() -> this.sockets.connect("alice", "room:ops-resumed", "echo", null));
		assertThat(refused.status()).isEqualTo(503);

		Actuator.Response response = this.actuator.post("/streams", "{\"draining\":false}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("draining").asBoolean()).isFalse();
		assertThat(response.json().path("rate").asDouble()).isZero();
		Actuator.Response readiness = this.actuator.get("/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
		assertThat(this.actuator.get("/health/streams").json().path("details").path("draining").asBoolean())
			.isFalse();
		try (StreamsTestConnection client = this.sockets.join("alice", "room:ops-resumed", "echo")) {
			client.sendText("{\"type\":\"ping\",\"ref\":\"p\"}");
			assertThat(client.next("pong").path("ref").asString()).isEqualTo("p");
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void endingADrainStopsClosingConnections() throws InterruptedException {
		List<StreamsTestConnection> clients = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			clients.add(this.sockets.join("kept-" + i, "room:ops-drain-ended", "echo"));
		}
		try {
			assertThat(this.actuator.post("/streams", "{\"rate\":2}").status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).until(() -> clients.stream().anyMatch(StreamsTestConnection::isClosed));

			assertThat(this.actuator.post("/streams", "{\"draining\":false}").status()).isEqualTo(200);

			long closedWhenEnded = clients.stream().filter(StreamsTestConnection::isClosed).count();
			assertThat(closedWhenEnded).isLessThan(clients.size());
			// At 2 per second, a drain still running would close 3 more in this time.
			await().during(Duration.ofMillis(1500))
				.atMost(Duration.ofSeconds(5))
				.until(() -> clients.stream().filter(StreamsTestConnection::isClosed).count() == closedWhenEnded);
			for (StreamsTestConnection client : clients) {
				if (!client.isClosed()) {
					client.sendText("{\"type\":\"ping\",\"ref\":\"still-open\"}");
					assertThat(client.next("pong").path("ref").asString()).isEqualTo("still-open");
				}
			}
		}
		finally {
			clients.forEach(StreamsTestConnection::close);
		}
	}

	@Test
	void endingADrainWhenNotDrainingChangesNothing() {
		Actuator.Response response = this.actuator.post("/streams", "{\"draining\":false}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("draining").asBoolean()).isFalse();
		assertThat(this.drainer.isDraining()).isFalse();
		assertThat(this.actuator.get("/health/readiness").status()).isEqualTo(200);
	}

	@Test
	void drainRefusesARateThatIsNotPositive() {
		assertThat(this.actuator.post("/streams", "{\"rate\":0}").status()).isEqualTo(400);
		assertThat(this.actuator.post("/streams", "{\"rate\":-5}").status()).isEqualTo(400);
		assertThat(this.actuator.post("/streams", "{\"rate\":\"fast\"}").status()).isEqualTo(400);
		assertThat(this.drainer.isDraining()).isFalse();
		assertThat(this.actuator.get("/health/readiness").status()).isEqualTo(200);
	}

	@Test
	void drainRefusesNeitherARateNorTheEndOfADrain() {
		assertThat(this.actuator.post("/streams", "{}").status()).isEqualTo(400);
		assertThat(this.actuator.post("/streams", "{\"draining\":true}").status()).isEqualTo(400);
		assertThat(this.drainer.isDraining()).isFalse();
		assertThat(this.actuator.get("/health/readiness").status()).isEqualTo(200);
	}

	@Test
	void drainRefusesARateTogetherWithTheEndOfADrain() {
		Actuator.Response response = this.actuator.post("/streams", "{\"rate\":10,\"draining\":false}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("Exception");
		assertThat(this.drainer.isDraining()).isFalse();
		assertThat(this.actuator.post("/streams", "{\"rate\":10}").status()).isEqualTo(200);
		assertThat(this.actuator.post("/streams", "{\"rate\":10,\"draining\":false}").status()).isEqualTo(400);
		assertThat(this.drainer.isDraining()).isTrue();
	}

	@Test
	void drainWithDrainingTrueAndARateDrains() {
		Actuator.Response response = this.actuator.post("/streams", "{\"draining\":true,\"rate\":10}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("draining").asBoolean()).isTrue();
		assertThat(this.drainer.rate()).isEqualTo(10.0);
	}

	@Test
	void healthReportsTheBrokerAndConnections() {
		try (StreamsTestConnection client = this.sockets.join("alice", "room:ops-health", "echo")) {
			JsonNode health = this.actuator.get("/health/streams").json();
			assertThat(health.path("status").asString()).isEqualTo("UP");
			assertThat(health.path("details").path("broker").asString()).isEqualTo("InMemoryMessageBroker");
			assertThat(health.path("details").path("connections").asInt()).isPositive();
			assertThat(health.path("details").path("draining").asBoolean()).isFalse();
		}
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asString()));
		return texts;
	}

}

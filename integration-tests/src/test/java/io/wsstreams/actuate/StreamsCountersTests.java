package io.wsstreams.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.test.HandshakeRefusedException;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The counters behind the endpoint and the {@code ws.streams.*} meters count exactly:
 * frames in and deliveries out per feature, open connections back to 0 once they close,
 * errors by code and refused handshakes by reason. Each test compares the counters before
 * and after its own traffic, as the server is shared. Closes are counted by close code,
 * and dispatches are timed through the {@code ws.streams.dispatch} observation, by
 * feature, action and outcome.
 */
@OperationsTest
class StreamsCountersTests extends OperationsTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@Autowired
	private FeatureRegistry features;

	@Test
	void countsExactlyTheFramesInAndDeliveriesOutOfAFeature() {
		awaitNoConnections();
		Traffic echoBefore = Traffic.of(this.actuator.streams(), "echo");
		Traffic notificationsBefore = Traffic.of(this.actuator.streams(), "notifications");
		double dispatchedBefore = dispatched("echo", "publish", "SUCCESS");
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:count", "echo");
				StreamsTestConnection bob = this.sockets.join("bob", "room:count", "echo,notifications");
				StreamsTestConnection carol = this.sockets.join("carol", "room:count", "notifications")) {
			int frames = 7;
			long bytesIn = 0;
			for (int i = 0; i < frames; i++) {
				String frame = "{\"type\":\"echo\",\"action\":\"publish\",\"data\":{\"text\":\"m" + i + "\"}}";
				bytesIn += frame.getBytes(StandardCharsets.UTF_8).length;
				alice.sendText(frame);
			}
			for (StreamsTestConnection receiver : List.of(alice, bob)) {
				for (int i = 0; i < frames; i++) {
					assertThat(receiver.next("echo").path("data").path("text").asString()).isEqualTo("m" + i);
				}
			}
			long expectedBytesIn = bytesIn;

			await().atMost(WAIT).untilAsserted(() -> {
				Traffic echo = Traffic.of(this.actuator.streams(), "echo").minus(echoBefore);
				assertThat(echo.messagesIn()).isEqualTo(frames);
				assertThat(echo.messagesOut()).isEqualTo(2 * frames);
				assertThat(echo.bytesIn()).isEqualTo(expectedBytesIn);
			});
			JsonNode summary = this.actuator.streams();
			Traffic echo = Traffic.of(summary, "echo");
			assertThat(echo.minus(echoBefore).bytesOut()).isPositive().isEven();
			assertThat(Traffic.of(summary, "notifications")).isEqualTo(notificationsBefore);
			assertThat(summary.path("features").path("echo").path("connections").asInt()).isEqualTo(2);
			assertThat(summary.path("features").path("notifications").path("connections").asInt()).isEqualTo(2);

			assertThat(traffic("ws.streams.messages", "echo", "in")).isEqualTo(echo.messagesIn());
			assertThat(traffic("ws.streams.messages", "echo", "out")).isEqualTo(echo.messagesOut());
			assertThat(traffic("ws.streams.bytes", "echo", "in")).isEqualTo(echo.bytesIn());
			assertThat(traffic("ws.streams.bytes", "echo", "out")).isEqualTo(echo.bytesOut());
			assertThat(traffic("ws.streams.messages", "notifications", "out"))
				.isEqualTo(notificationsBefore.messagesOut());
			assertThat(dispatched("echo", "publish", "SUCCESS") - dispatchedBefore).isEqualTo(frames);

			String scrape = this.actuator.prometheus();
			assertThat(Actuator.sample(scrape, "ws_streams_messages_total{direction=\"in\",feature=\"echo\"}"))
				.isEqualTo(echo.messagesIn());
			assertThat(Actuator.sample(scrape, "ws_streams_messages_total{direction=\"out\",feature=\"echo\"}"))
				.isEqualTo(echo.messagesOut());
			assertThat(Actuator.sample(scrape, "ws_streams_bytes_total{direction=\"in\",feature=\"echo\"}"))
				.isEqualTo(echo.bytesIn());
			assertThat(Actuator.sample(scrape, "ws_streams_bytes_total{direction=\"out\",feature=\"echo\"}"))
				.isEqualTo(echo.bytesOut());
			assertThat(Actuator.sample(scrape, "ws_streams_connections{feature=\"echo\"}")).isEqualTo(2);
			assertThat(Actuator.sample(scrape, "ws_streams_connections_open")).isEqualTo(3);
			assertThat(Actuator.sample(scrape, "ws_streams_streams")).isEqualTo(1);
			assertThat(Actuator.sample(scrape,
					"ws_streams_dispatch_seconds_count{action=\"publish\",error=\"none\",feature=\"echo\",outcome=\"SUCCESS\"}"))
				.isEqualTo(dispatched("echo", "publish", "SUCCESS"));
		}
	}

	@Test
	void gaugesReturnToZeroWhenConnectionsClose() {
		awaitNoConnections();
		StreamsTestConnection alice = this.sockets.join("alice", "room:gauge-1", "echo,log");
		StreamsTestConnection bob = this.sockets.join("bob", "room:gauge-2", "echo");
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(gauge("ws.streams.connections.open")).isEqualTo(2);
			assertThat(gauge("ws.streams.streams")).isEqualTo(2);
			assertThat(this.meters.get("ws.streams.connections").tag("feature", "echo").gauge().value())
				.isEqualTo(2);
			assertThat(this.meters.get("ws.streams.connections").tag("feature", "log").gauge().value())
				.isEqualTo(1);
		});
		JsonNode open = this.actuator.streams();
		assertThat(open.path("connections").asInt()).isEqualTo(2);
		assertThat(open.path("streams").asInt()).isEqualTo(2);

		alice.close();
		bob.close();

		await().atMost(WAIT).untilAsserted(this::assertNothingOpen);
		String scrape = this.actuator.prometheus();
		assertThat(Actuator.sample(scrape, "ws_streams_connections_open")).isZero();
		assertThat(Actuator.sample(scrape, "ws_streams_connections{feature=\"echo\"}")).isZero();
	}

	@Test
	void countsErrorsByCode() {
		Map<String, String> frames = Map.of("INVALID_MESSAGE", "not json", "UNKNOWN_TYPE",
				"{\"type\":\"nope\",\"ref\":\"r\"}", "UNKNOWN_ACTION", "{\"type\":\"echo\",\"action\":\"nope\",\"ref\":\"r\"}",
				"VALIDATION_FAILED", "{\"type\":\"echo\",\"action\":\"publish\",\"data\":{\"text\":\"\"},\"ref\":\"r\"}",
				"INTERNAL_ERROR", "{\"type\":\"echo\",\"action\":\"boom\",\"ref\":\"r\"}");
		long totalBefore = this.actuator.streams().path("errors").asLong();
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:errors", "echo")) {
			for (Map.Entry<String, String> frame : frames.entrySet()) {
				double before = errors(frame.getKey());
				alice.sendText(frame.getValue());
				assertThat(alice.next("error").path("code").asString()).isEqualTo(frame.getKey());
				await().atMost(WAIT).untilAsserted(() -> assertThat(errors(frame.getKey())).isEqualTo(before + 1));
			}
		}
		assertThat(this.actuator.streams().path("errors").asLong()).isEqualTo(totalBefore + frames.size());
		String scrape = this.actuator.prometheus();
		assertThat(Actuator.sample(scrape, "ws_streams_errors_total{code=\"UNKNOWN_ACTION\"}"))
			.isEqualTo(errors("UNKNOWN_ACTION"));
		assertThat(Actuator.sample(scrape, "ws_streams_errors_total{code=\"RATE_LIMITED\"}"))
			.isEqualTo(errors("RATE_LIMITED"));
	}

	@Test
	void countsRefusedHandshakesByReason() {
		Map<String, Long> before = rejected();
		String token = signIn("alice");
		refusedWith(401, "stream=room:refused&clients=echo", Map.of());
		refusedWith(403, "stream=room:refused&clients=echo",
				Map.of("X-Auth-Token", token, "Origin", "https://evil.example.net"));
		closedWith(1008, "clients=echo", token);
		closedWith(1008, "stream=room:refused", token);
		closedWith(1008, "stream=room::bad&clients=echo", token);
		closedWith(1008, "stream=room:refused&clients=nope", token);
		closedWith(1008, "stream=room:refused&clients=log:pub-sub", token);

		Map<String, Long> expected = Map.of("session", 1L, "origin", 1L, "no-stream", 1L, "no-clients", 1L,
				"invalid-stream", 1L, "unknown-client", 1L, "unsupported-strategy", 1L);
		await().atMost(WAIT).untilAsserted(() -> {
			Map<String, Long> after = rejected();
			expected.forEach((reason, count) -> assertThat(after.getOrDefault(reason, 0L)
					- before.getOrDefault(reason, 0L)).as(reason).isEqualTo(count));
		});
		Map<String, Long> after = rejected();
		String scrape = this.actuator.prometheus();
		for (String reason : StreamsMetrics.REJECTION_REASONS) {
			double metered = this.meters.get("ws.streams.handshakes.rejected")
				.tag("reason", reason)
				.functionCounter()
				.count();
			assertThat(metered).as(reason).isEqualTo((double) after.getOrDefault(reason, 0L));
			assertThat(Actuator.sample(scrape, "ws_streams_handshakes_rejected_total{reason=\"" + reason + "\"}"))
				.as(reason)
				.isEqualTo(metered);
		}
	}

	@Test
	void countsClosesByCode() throws Exception {
		awaitNoConnections();
		Map<String, Double> before = closes();
		String token = signIn("closer");
		closedWith(1008, "stream=room:closes&clients=nope", token);
		closedWith(4403, "stream=admin:closes&clients=notifications", token);
		closedWith(4403, "stream=admin:closes&clients=echo,notifications", token);
		StreamsTestConnection.open(java.net.URI.create("ws://localhost:" + this.port + "/ws?stream=room:closes&clients=echo"),
				Map.of("X-Auth-Token", token))
			.close();
		BareSocket.join(this.port, "stream=room:closes&clients=echo", token).abort();

		Map<String, Double> expected = Map.of("1000", 1.0, "1006", 1.0, "1008", 1.0, "4403", 2.0);
		await().atMost(WAIT).untilAsserted(() -> {
			Map<String, Double> after = closes();
			expected.forEach((code, count) -> assertThat(after.get(code) - before.get(code)).as(code).isEqualTo(count));
		});
		Map<String, Double> after = closes();
		assertThat(after.keySet()).contains("1001", "1011", "1012", "4401", "4408", "4429", "4509", "other");
		String scrape = this.actuator.prometheus();
		assertThat(Actuator.sample(scrape, "ws_streams_closes_total{code=\"4403\"}")).isEqualTo(after.get("4403"));
		assertThat(Actuator.sample(scrape, "ws_streams_closes_total{code=\"1008\"}")).isEqualTo(after.get("1008"));
		assertThat(Actuator.sample(scrape, "ws_streams_closes_total{code=\"other\"}")).isEqualTo(after.get("other"));
	}

	@Test
	void timesDispatchesThroughTheObservationByFeatureActionAndOutcome() {
		double succeeded = dispatched("echo", "publish", "SUCCESS");
		double invalid = dispatched("echo", "publish", "VALIDATION_FAILED");
		double failed = dispatched("echo", "boom", "INTERNAL_ERROR");
		try (StreamsTestConnection alice = this.sockets.join("alice", "room:dispatch-timer", "echo")) {
			for (int i = 0; i < 3; i++) {
				assertThat(alice.request("echo", "publish", Map.of("text", "t")).isReply()).isTrue();
			}
			assertThat(alice.request("echo", "publish", Map.of("text", "")).code()).isEqualTo("VALIDATION_FAILED");
			assertThat(alice.request("echo", "boom", null).code()).isEqualTo("INTERNAL_ERROR");
			assertThat(alice.request("echo", "nope", null).code()).isEqualTo("UNKNOWN_ACTION");
		}
		assertThat(dispatched("echo", "publish", "SUCCESS") - succeeded).isEqualTo(3);
		assertThat(dispatched("echo", "publish", "VALIDATION_FAILED") - invalid).isEqualTo(1);
		assertThat(dispatched("echo", "boom", "INTERNAL_ERROR") - failed).isEqualTo(1);
		assertThat(this.meters.find("ws.streams.dispatch").tag("action", "nope").timers()).isEmpty();
		Timer timer = this.meters.get("ws.streams.dispatch")
			.tag("feature", "echo")
			.tag("action", "publish")
			.tag("outcome", "SUCCESS")
			.timer();
		assertThat(timer.getId().getTags()).extracting(Tag::getKey)
			.containsExactlyInAnyOrder("feature", "action", "outcome", "error");
	}

	private void refusedWith(int status, String query, Map<String, String> headers) {
		HandshakeRefusedException refused = catchThrowableOfType(HandshakeRefusedException.class,
				() -> StreamsTestConnection.open(java.net.URI.create("ws://localhost:" + this.port + "/ws?" + query), headers));
		assertThat(refused).as(query).isNotNull();
		assertThat(refused.status()).as(query).isEqualTo(status);
	}

	private void closedWith(int code, String query, String token) {
		try (StreamsTestConnection client = StreamsTestConnection.open(java.net.URI.create("ws://localhost:" + this.port + "/ws?" + query),
				Map.of("X-Auth-Token", token))) {
			assertThat(client.awaitClose().code()).as(query).isEqualTo(code);
		}
	}

	private Map<String, Long> rejected() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.actuator.streams()
			.path("handshakesRejected")
			.properties()
			.forEach((entry) -> counts.put(entry.getKey(), entry.getValue().asLong()));
		return counts;
	}

	private void awaitNoConnections() {
		await().atMost(WAIT).untilAsserted(() -> assertThat(gauge("ws.streams.connections.open")).isZero());
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	private double traffic(String name, String feature, String direction) {
		return this.meters.get(name).tag("feature", feature).tag("direction", direction).functionCounter().count();
	}

	private double errors(String code) {
		return this.meters.get("ws.streams.errors").tag("code", code).functionCounter().count();
	}

	private Map<String, Double> closes() {
		Map<String, Double> counts = new java.util.TreeMap<>();
		this.meters.get("ws.streams.closes")
			.functionCounters()
			.forEach((counter) -> counts.put(counter.getId().getTag("code"), counter.count()));
		return counts;
	}

	private double dispatched(String feature, String action, String outcome) {
		Timer timer = this.meters.find("ws.streams.dispatch")
			.tag("feature", feature)
			.tag("action", action)
			.tag("outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	/**
	 * One feature's counters as the endpoint reports them.
	 */
	record Traffic(long messagesIn, long messagesOut, long bytesIn, long bytesOut) {

		static Traffic of(JsonNode summary, String feature) {
			JsonNode counters = summary.path("features").path(feature);
			return new Traffic(counters.path("messagesIn").asLong(), counters.path("messagesOut").asLong(),
					counters.path("bytesIn").asLong(), counters.path("bytesOut").asLong());
		}

		Traffic minus(Traffic before) {
			return new Traffic(this.messagesIn - before.messagesIn, this.messagesOut - before.messagesOut,
					this.bytesIn - before.bytesIn, this.bytesOut - before.bytesOut);
		}

	}

}

package io.wsstreams.actuate;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.wsstreams.it.TestApplication;
import io.wsstreams.pusher.server.PusherEvents;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pusher sockets in operations: the {@code streams} endpoint's summary and the meters show
 * them, a drain closes them with 4200 and refuses new ones with 4100 until it ends, and a
 * shutdown closes them with 4200, on Tomcat and on Jetty.
 */
@OperationsTest
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret" })
class PusherOperationsTests extends OperationsTestSupport {

	@Test
	void summaryAndMetersShowThePusherSockets() {
		StreamsTestConnection first = pusher(this.port);
		StreamsTestConnection second = pusher(this.port);
		try (first; second) {
			subscribe(first, "ops-news");
			subscribe(second, "ops-sports");
			JsonNode summary = this.actuator.streams().path("pusher");
			assertThat(summary.path("apps").asInt()).isEqualTo(1);
			assertThat(summary.path("connections").asInt()).isGreaterThanOrEqualTo(2);
			assertThat(summary.path("channels").asInt()).isGreaterThanOrEqualTo(2);
			assertThat(summary.path("messagesIn").asLong()).isGreaterThanOrEqualTo(2);
			assertThat(summary.path("messagesOut").asLong()).isGreaterThanOrEqualTo(4);
			assertThat(summary.path("bytesOut").asLong()).isPositive();
			String scrape = this.actuator.prometheus();
			assertThat(Actuator.sample(scrape, "ws_streams_pusher_connections")).isGreaterThanOrEqualTo(2);
			assertThat(Actuator.sample(scrape, "ws_streams_pusher_channels")).isGreaterThanOrEqualTo(2);
			assertThat(Actuator.sample(scrape, "ws_streams_pusher_messages_total{direction=\"in\"}"))
				.isGreaterThanOrEqualTo(2);
			assertThat(Actuator.sample(scrape, "ws_streams_pusher_messages_total{direction=\"out\"}"))
				.isGreaterThanOrEqualTo(4);
		}
	}

	@Test
	void drainClosesPusherSocketsWith4200AndRefusesNewOnesWith4100UntilItEnds() {
		List<StreamsTestConnection> sockets = IntStream.range(0, 5).mapToObj((i) -> pusher(this.port)).toList();
		try {
			assertThat(this.actuator.post("/streams", "{\"rate\":100}").status()).isEqualTo(200);
			for (StreamsTestConnection socket : sockets) {
				assertThat(socket.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4200);
			}
			try (StreamsTestConnection refused = open(this.port)) {
				JsonNode error = refused.next();
				assertThat(error.path("data").path("code").asInt()).isEqualTo(4100);
				assertThat(refused.awaitClose().code()).isEqualTo(4100);
			}
			assertThat(this.actuator.post("/streams", "{\"draining\":false}").status()).isEqualTo(200);
			pusher(this.port).close();
		}
		finally {
			sockets.forEach(StreamsTestConnection::close);
		}
	}

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "Jetty", "Tomcat" })
	void socketsReceiveEventsAndShutdownClosesThemWith4200(String server) {
		String excluded = "Tomcat".equals(server) ? OperationsTest.JETTY : OperationsTest.TOMCAT;
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.run("--server.port=0", "--server.shutdown=graceful", "--spring.autoconfigure.exclude=" + excluded,
					"--spring.main.banner-mode=off", "--ws-streams.pusher.enabled=true",
					"--ws-streams.pusher.apps[0].id=app-id", "--ws-streams.pusher.apps[0].key=app-key",
					"--ws-streams.pusher.apps[0].secret=app-secret");
		try {
			WebServer web = ((WebServerApplicationContext) context).getWebServer();
			assertThat(web.getClass().getSimpleName()).startsWith(server);
			List<StreamsTestConnection> sockets = IntStream.range(0, 3)
				.mapToObj((i) -> pusher(web.getPort()))
				.toList();
			sockets.forEach((socket) -> subscribe(socket, "shutdown-news"));
			context.getBean(PusherEvents.class).trigger("app-id", "shutdown-news", "posted", "{\"n\":1}");
			for (StreamsTestConnection socket : sockets) {
				await().atMost(Duration.ofSeconds(5))
					.until(() -> socket.received()
						.stream()
						.anyMatch((message) -> "posted".equals(message.path("event").asString())));
			}
			long started = System.nanoTime();
			context.close();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			for (StreamsTestConnection socket : sockets) {
				assertThat(socket.awaitClose(Duration.ofSeconds(1)).code()).isEqualTo(4200);
			}
		}
		finally {
			context.close();
		}
	}

	private static StreamsTestConnection open(int port) {
		return StreamsTestConnection.open(URI.create("ws://localhost:" + port + "/app/app-key?protocol=7"));
	}

	/** Opens a Pusher socket and waits for its socket id. */
	private static StreamsTestConnection pusher(int port) {
		StreamsTestConnection connection = open(port);
		assertThat(connection.next().path("event").asString()).isEqualTo("pusher:connection_established");
		return connection;
	}

	private static void subscribe(StreamsTestConnection connection, String channel) {
		connection.sendJson(Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel)));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> connection.received()
				.stream()
				.anyMatch((message) -> "pusher_internal:subscription_succeeded".equals(message.path("event").asString())
						&& channel.equals(message.path("channel").asString())));
	}

}

package io.wsstreams.pusher;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import com.pusher.rest.data.Validity;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.pusher.PusherTestClient.Socket;
import io.wsstreams.pusher.server.PusherActivity;
import io.wsstreams.pusher.webhook.PusherWebhooks;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for Pusher's webhooks, received by an HTTP server of the test and checked with
 * {@code pusher-http-java}'s {@code validateWebhookSignature}: their body and signature,
 * batching, the removal delay, event types, retries with backoff, giving up, a full queue,
 * and a target that hangs.
 */
@StreamsServerTest
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
		"ws-streams.pusher.apps[1].id=flaky-app", "ws-streams.pusher.apps[1].key=flaky-key",
		"ws-streams.pusher.apps[1].secret=flaky-secret", "ws-streams.pusher.apps[2].id=failing-app",
		"ws-streams.pusher.apps[2].key=failing-key", "ws-streams.pusher.apps[2].secret=failing-secret",
		"ws-streams.pusher.apps[3].id=filter-app", "ws-streams.pusher.apps[3].key=filter-key",
		"ws-streams.pusher.apps[3].secret=filter-secret",
		"ws-streams.pusher.apps[3].webhooks[0].event-types=channel_vacated,client_event",
		"ws-streams.pusher.apps[4].id=hang-app", "ws-streams.pusher.apps[4].key=hang-key",
		"ws-streams.pusher.apps[4].secret=hang-secret", "ws-streams.pusher.webhooks.initial-backoff=100ms",
		"ws-streams.pusher.webhooks.max-backoff=400ms", "ws-streams.pusher.webhooks.max-attempts=3",
		"ws-streams.pusher.webhooks.removal-delay=500ms", "ws-streams.pusher.webhooks.timeout=2s",
		"ws-streams.pusher.webhooks.queue-capacity=100",
		"ws-streams.pusher.apps[0].webhooks[0].url=http://localhost:${test.webhooks.port}/hooks",
		"ws-streams.pusher.apps[1].webhooks[0].url=http://localhost:${test.webhooks.port}/flaky",
		"ws-streams.pusher.apps[2].webhooks[0].url=http://localhost:${test.webhooks.port}/failing",
		"ws-streams.pusher.apps[3].webhooks[0].url=http://localhost:${test.webhooks.port}/filtered",
		"ws-streams.pusher.apps[4].webhooks[0].url=http://localhost:${test.webhooks.port}/hang" })
class PusherWebhooksTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();

	private static final AtomicInteger FLAKY_FAILURES = new AtomicInteger(2);

	private static final CountDownLatch HANG = new CountDownLatch(1);

	private static final HttpServer SERVER = server();

	@LocalServerPort
	private int port;

	@Autowired
	private PusherWebhooks webhooks;

	@Autowired
	private MeterRegistry meters;

	/**
	 * The port of the test's server, which the targets name: a list such as
	 * {@code apps} binds from one property source only, so the targets stay beside the
	 * apps.
	 */
	@DynamicPropertySource
	static void targets(DynamicPropertyRegistry registry) {
		registry.add("test.webhooks.port", () -> SERVER.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		HANG.countDown();
		SERVER.stop(0);
	}

	@Test
	void webhookIsSignedWithTheAppSecretAsPusherSignsIt() throws Exception {
		this.webhooks.onActivity("app-id", PusherActivity.channel(PusherActivity.CHANNEL_OCCUPIED, "signed"));
		Received received = awaitRequest("/hooks", "signed");
		assertThat(received.key).isEqualTo("app-key");
		assertThat(received.contentType).startsWith("application/json");
		try (Pusher pusher = new Pusher("app-id", "app-key", "app-secret")) {
			assertThat(pusher.validateWebhookSignature(received.key, received.signature, received.body))
				.isEqualTo(Validity.VALID);
			assertThat(pusher.validateWebhookSignature(received.key, received.signature, received.body + " "))
				.isEqualTo(Validity.INVALID);
		}
		try (Pusher other = new Pusher("app-id", "app-key", "another-secret")) {
			assertThat(other.validateWebhookSignature(received.key, received.signature, received.body))
				.isEqualTo(Validity.INVALID);
		}
		JsonNode body = MAPPER.readTree(received.body);
		assertThat(body.path("time_ms").asLong()).isCloseTo(System.currentTimeMillis(), Offset.offset(60_000L));
		assertThat(body.path("events")).hasSize(1);
		assertThat(body.path("events").get(0)).isEqualTo(MAPPER.readTree("{\"name\":\"channel_occupied\",\"channel\":\"signed\"}"));
	}

	@Test
	void realSocketsOnAPresenceChannelFireSignedWebhooksFromOccupiedToVacated() throws Exception {
		PusherSignatures signatures = new PusherSignatures("app-key", "app-secret");
		PusherTestClient client = new PusherTestClient(this.port);
		try (Socket ada = client.connect("app-key"); Socket bob = client.connect("app-key")) {
			ada.joined(signatures, "presence-hooked", "{\"user_id\":\"ada\"}");
			bob.joined(signatures, "presence-hooked", "{\"user_id\":\"bob\"}");
			bob.connection()
				.sendJson(PusherTestClient.event("client-wave", "presence-hooked", Map.of("hand", "left")));
			await().atMost(Duration.ofSeconds(5)).until(() -> events("/hooks", "presence-hooked").size() == 4);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> events("/hooks", "presence-hooked").size() == 7);
		List<String> names = events("/hooks", "presence-hooked").stream()
			.map((event) -> event.path("name").asString() + " " + event.path("user_id").asString(""))
			.toList();
		assertThat(names.subList(0, 4)).containsExactly("channel_occupied ", "member_added ada", "member_added bob",
				"client_event bob");
		assertThat(names.subList(4, 7)).containsExactlyInAnyOrder("member_removed ada", "member_removed bob",
				"channel_vacated ");
		JsonNode clientEvent = events("/hooks", "presence-hooked").get(3);
		assertThat(clientEvent.path("event").asString()).isEqualTo("client-wave");
		assertThat(MAPPER.readTree(clientEvent.path("data").asString()).path("hand").asString()).isEqualTo("left");
		try (Pusher pusher = new Pusher("app-id", "app-key", "app-secret")) {
			for (Received received : requests("/hooks", "presence-hooked")) {
				assertThat(pusher.validateWebhookSignature(received.key, received.signature, received.body))
					.isEqualTo(Validity.VALID);
			}
		}
	}

	@Test
	void eventsOfAnAppAreBatchedIntoOneRequest() {
		for (int i = 0; i < 5; i++) {
			this.webhooks.onActivity("app-id",
					PusherActivity.clientEvent("private-batch", "client-n", "{\"n\":" + i + "}", "1.2", null));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> events("/hooks", "private-batch").size() == 5);
		List<Received> requests = requests("/hooks", "private-batch");
		assertThat(requests).hasSize(1);
		JsonNode events = MAPPER.readTree(requests.get(0).body).path("events");
		for (int i = 0; i < 5; i++) {
			assertThat(events.get(i)).isEqualTo(MAPPER.readTree("{\"name\":\"client_event\",\"channel\":\"private-batch\","
					+ "\"event\":\"client-n\",\"data\":\"{\\\"n\\\":" + i + "}\",\"socket_id\":\"1.2\"}"));
		}
	}

	@Test
	void memberAndClientEventsCarryPushersFieldsAndAnUnpairedSurrogateIsEscaped() throws Exception {
		this.webhooks.onActivity("app-id", PusherActivity.member(PusherActivity.MEMBER_ADDED, "presence-fields", "alice"));
		this.webhooks.onActivity("app-id",
				PusherActivity.clientEvent("presence-fields", "client-odd", "\ud800", "3.4", "alice"));
		await().atMost(Duration.ofSeconds(5)).until(() -> events("/hooks", "presence-fields").size() == 2);
		List<JsonNode> events = events("/hooks", "presence-fields");
		assertThat(events.get(0)).isEqualTo(
				MAPPER.readTree("{\"name\":\"member_added\",\"channel\":\"presence-fields\",\"user_id\":\"alice\"}"));
		assertThat(events.get(1).path("user_id").asString()).isEqualTo("alice");
		assertThat(events.get(1).path("socket_id").asString()).isEqualTo("3.4");
		for (Received received : requests("/hooks", "presence-fields")) {
			if (received.body.contains("client-odd")) {
				assertThat(received.body).contains("\\ud800");
				try (Pusher pusher = new Pusher("app-id", "app-key", "app-secret")) {
					assertThat(pusher.validateWebhookSignature(received.key, received.signature, received.body))
						.isEqualTo(Validity.VALID);
				}
			}
		}
	}

	@Test
	void vacatedIsSentAfterTheRemovalDelay() {
		long start = System.nanoTime();
		this.webhooks.onActivity("app-id", PusherActivity.channel(PusherActivity.CHANNEL_VACATED, "lonely"));
		Received received = awaitRequest("/hooks", "lonely");
		assertThat(TimeUnit.NANOSECONDS.toMillis(received.nanos - start)).isGreaterThanOrEqualTo(450);
		assertThat(events("/hooks", "lonely")).singleElement()
			.satisfies((event) -> assertThat(event.path("name").asString()).isEqualTo("channel_vacated"));
	}

	@Test
	void channelOccupiedAgainWithinTheDelaySendsNeitherEvent() {
		this.webhooks.onActivity("app-id", PusherActivity.channel(PusherActivity.CHANNEL_VACATED, "flapping"));
		this.webhooks.onActivity("app-id", PusherActivity.channel(PusherActivity.CHANNEL_OCCUPIED, "flapping"));
		this.webhooks.onActivity("app-id", PusherActivity.member(PusherActivity.MEMBER_REMOVED, "presence-flap", "bob"));
		this.webhooks.onActivity("app-id", PusherActivity.member(PusherActivity.MEMBER_REMOVED, "presence-flap", "carol"));
		this.webhooks.onActivity("app-id", PusherActivity.member(PusherActivity.MEMBER_ADDED, "presence-flap", "bob"));
		// held later than the others, so sent after the others would have been
		this.webhooks.onActivity("app-id", PusherActivity.channel(PusherActivity.CHANNEL_VACATED, "flapping-marker"));
		awaitRequest("/hooks", "flapping-marker");
		assertThat(events("/hooks", "flapping")).isEmpty();
		assertThat(events("/hooks", "presence-flap")).singleElement()
			.satisfies((event) -> assertThat(event.path("user_id").asString()).isEqualTo("carol"));
	}

	@Test
	void targetReceivesOnlyItsEventTypes() {
		this.webhooks.onActivity("filter-app", PusherActivity.channel(PusherActivity.CHANNEL_OCCUPIED, "filtered"));
		this.webhooks.onActivity("filter-app",
				PusherActivity.clientEvent("private-filtered", "client-x", "{}", "1.1", null));
		this.webhooks.onActivity("filter-app", PusherActivity.channel(PusherActivity.CHANNEL_VACATED, "filtered"));
		awaitRequest("/filtered", "filtered");
		assertThat(events("/filtered", "private-filtered")).hasSize(1);
		assertThat(events("/filtered", "filtered")).singleElement()
			.satisfies((event) -> assertThat(event.path("name").asString()).isEqualTo("channel_vacated"));
	}

	@Test
	void failedRequestIsRetriedWithExponentialBackoffAndTheSameBody() {
		this.webhooks.onActivity("flaky-app", PusherActivity.channel(PusherActivity.CHANNEL_OCCUPIED, "flaky"));
		await().atMost(Duration.ofSeconds(10)).until(() -> requests("/flaky", "flaky").size() == 3);
		List<Received> attempts = requests("/flaky", "flaky");
		assertThat(attempts).extracting(Received::body).containsOnly(attempts.get(0).body);
		assertThat(attempts).extracting(Received::signature).containsOnly(attempts.get(0).signature);
		assertThat(TimeUnit.NANOSECONDS.toMillis(attempts.get(1).nanos - attempts.get(0).nanos))
			.isGreaterThanOrEqualTo(90);
		assertThat(TimeUnit.NANOSECONDS.toMillis(attempts.get(2).nanos - attempts.get(1).nanos))
			.isGreaterThanOrEqualTo(190);
		await().atMost(Duration.ofSeconds(5)).until(() -> counter("delivered") >= 1 && counter("retried") >= 2);
	}

	@Test
	void requestIsGivenUpAfterTheLastAttempt() {
		long failed = this.webhooks.failed();
		this.webhooks.onActivity("failing-app", PusherActivity.channel(PusherActivity.CHANNEL_OCCUPIED, "doomed"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.webhooks.failed() > failed);
		assertThat(requests("/failing", "doomed")).hasSize(3);
		assertThat(counter("failed")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void hangingTargetDelaysNeitherTheCallerNorSocketsAndAFullQueueDrops() throws Exception {
		long dropped = this.webhooks.dropped();
		long start = System.nanoTime();
		for (int i = 0; i < 1000; i++) {
			this.webhooks.onActivity("hang-app",
					PusherActivity.clientEvent("private-hang", "client-n", "{}", "1.1", null));
		}
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.webhooks.dropped() > dropped);
		assertThat(counter("dropped")).isGreaterThan(0);
		try (Socket socket = new PusherTestClient(this.port).connect("hang-key");
				Pusher pusher = new Pusher("hang-app", "hang-key", "hang-secret")) {
			socket.subscribed(PusherTestClient.subscribe("live"));
			pusher.setHost("localhost:" + this.port);
			long sent = System.nanoTime();
			Result result = pusher.trigger("live", "still-live", Map.of());
			assertThat(result.getHttpStatus()).isEqualTo(200);
			assertThat(socket.connection().next().path("event").asString()).isEqualTo("still-live");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(2000);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> !RECEIVED.getOrDefault("/hang", List.of()).isEmpty());
	}

	private double counter(String outcome) {
		FunctionCounter counter = this.meters.find("ws.streams.pusher.webhooks").tag("outcome", outcome).functionCounter();
		assertThat(counter).as(outcome).isNotNull();
		return counter.count();
	}

	private static Received awaitRequest(String path, String channel) {
		await().atMost(Duration.ofSeconds(5)).until(() -> !requests(path, channel).isEmpty());
		return requests(path, channel).get(0);
	}

	/** The requests to a path that hold an event of a channel. */
	private static List<Received> requests(String path, String channel) {
		List<Received> requests = new ArrayList<>();
		for (Received received : RECEIVED.getOrDefault(path, List.of())) {
			for (JsonNode event : MAPPER.readTree(received.body).path("events")) {
				if (event.path("channel").asString().equals(channel)) {
					requests.add(received);
					break;
				}
			}
		}
		return requests;
	}

	/** The events of a channel received at a path, in order. */
	private static List<JsonNode> events(String path, String channel) {
		List<JsonNode> events = new ArrayList<>();
		for (Received received : RECEIVED.getOrDefault(path, List.of())) {
			for (JsonNode event : MAPPER.readTree(received.body).path("events")) {
				if (event.path("channel").asString().equals(channel)) {
					events.add(event);
				}
			}
		}
		return events;
	}

	private static HttpServer server() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", PusherWebhooksTests::handle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		byte[] bytes;
		try (InputStream in = exchange.getRequestBody()) {
			bytes = in.readAllBytes();
		}
		// the body must be valid UTF-8, whatever the events hold
		String body = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(bytes))
			.toString();
		RECEIVED.computeIfAbsent(path, (key) -> new CopyOnWriteArrayList<>())
			.add(new Received(exchange.getRequestHeaders().getFirst("X-Pusher-Key"),
					exchange.getRequestHeaders().getFirst("X-Pusher-Signature"),
					exchange.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime()));
		int status = switch (path) {
			case "/flaky" -> (FLAKY_FAILURES.getAndDecrement() > 0) ? 500 : 200;
			case "/failing" -> 500;
			case "/hang" -> {
				try {
					HANG.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				yield 200;
			}
			default -> 200;
		};
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	/** A webhook request as received. */
	private record Received(String key, String signature, String contentType, String body, long nanos) {
	}

}

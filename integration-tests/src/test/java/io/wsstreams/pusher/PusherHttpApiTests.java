package io.wsstreams.pusher;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.IntStream;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.pusher.PusherTestClient.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for Pusher's HTTP API through Pusher's own Java server library,
 * {@code pusher-http-java}, and through raw signed requests: events reaching real Pusher
 * sockets, channel queries answered from a {@link FixedChannelDirectory}, and refused
 * requests.
 */
@StreamsServerTest
@Import(FixedChannelDirectory.Configuration.class)
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
		"ws-streams.pusher.api.max-body-size=64KB" })
class PusherHttpApiTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private FixedChannelDirectory directory;

	private PusherTestClient client;

	private Pusher pusher;

	@BeforeEach
	void clients() {
		this.client = new PusherTestClient(this.port);
		this.pusher = pusher("app-secret");
	}

	@AfterEach
	void close() throws Exception {
		this.pusher.close();
	}

	@Test
	void triggerReachesTheSubscribersOfAChannel() {
		try (Socket socket = this.client.connect("app-key")) {
			socket.subscribed(PusherTestClient.subscribe("orders"));
			Result result = this.pusher.trigger("orders", "order-shipped", Map.of("id", 42));
			assertThat(result.getHttpStatus()).isEqualTo(200);
			assertThat(result.getStatus()).isEqualTo(Result.Status.SUCCESS);
			assertThat(json(result.getMessage())).isEmpty();
			JsonNode event = socket.connection().next();
			assertThat(event.path("event").asString()).isEqualTo("order-shipped");
			assertThat(event.path("channel").asString()).isEqualTo("orders");
			assertThat(PusherTestClient.data(event).path("id").asInt()).isEqualTo(42);
		}
	}

	@Test
	void triggerOnSeveralChannelsReachesEachOnce() {
		Socket first = this.client.connect("app-key");
		Socket second = this.client.connect("app-key");
		try (first; second) {
			first.subscribed(PusherTestClient.subscribe("orders"));
			second.subscribed(PusherTestClient.subscribe("private-audit", new PusherSignatures("app-key", "app-secret")
				.authorizeChannel(second.socketId(), "private-audit")));
			Result result = this.pusher.trigger(List.of("orders", "private-audit", "orders"), "changed", Map.of("n", 1));
			assertThat(result.getStatus()).isEqualTo(Result.Status.SUCCESS);
			assertThat(first.connection().next().path("channel").asString()).isEqualTo("orders");
			assertThat(second.connection().next().path("channel").asString()).isEqualTo("private-audit");
			assertThat(first.roundTrip()).isEmpty();
			assertThat(second.roundTrip()).isEmpty();
		}
	}

	@Test
	void batchTriggerReachesEachEventsChannel() {
		Socket first = this.client.connect("app-key");
		Socket second = this.client.connect("app-key");
		try (first; second) {
			first.subscribed(PusherTestClient.subscribe("left"));
			second.subscribed(PusherTestClient.subscribe("right"));
			Result result = this.pusher.trigger(List.of(new Event("left", "one", Map.of("n", 1)),
					new Event("right", "two", Map.of("n", 2)), new Event("left", "three", Map.of("n", 3))));
			assertThat(result.getStatus()).isEqualTo(Result.Status.SUCCESS);
			assertThat(json(result.getMessage())).isEmpty();
			assertThat(first.connection().next().path("event").asString()).isEqualTo("one");
			assertThat(first.connection().next().path("event").asString()).isEqualTo("three");
			assertThat(second.connection().next().path("event").asString()).isEqualTo("two");
		}
	}

	@Test
	void socketIdIsLeftOut() {
		Socket sender = this.client.connect("app-key");
		Socket receiver = this.client.connect("app-key");
		try (sender; receiver) {
			sender.subscribed(PusherTestClient.subscribe("news"));
			receiver.subscribed(PusherTestClient.subscribe("news"));
			Result result = this.pusher.trigger("news", "posted", Map.of(), sender.socketId());
			assertThat(result.getStatus()).isEqualTo(Result.Status.SUCCESS);
			assertThat(receiver.connection().next().path("event").asString()).isEqualTo("posted");
			assertThat(sender.roundTrip()).isEmpty();
		}
	}

	@Test
	void triggerAnswersTheRequestedInfoOfEachChannel() {
		Result result = this.pusher.post("/events", "{\"name\":\"e\",\"data\":\"{}\",\"channels\":[\"orders\","
				+ "\"presence-room\"],\"info\":\"subscription_count,user_count\"}");
		assertThat(result.getHttpStatus()).isEqualTo(200);
		assertThat(json(result.getMessage())).isEqualTo(json("{\"channels\":{\"orders\":{\"subscription_count\":1},"
				+ "\"presence-room\":{\"subscription_count\":3,\"user_count\":2}}}"));
		Result batch = this.pusher.post("/batch_events", "{\"batch\":[{\"name\":\"e\",\"data\":\"{}\",\"channel\":"
				+ "\"presence-room\",\"info\":\"user_count\"},{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"orders\"}]}");
		assertThat(batch.getHttpStatus()).isEqualTo(200);
		assertThat(json(batch.getMessage())).isEqualTo(json("{\"batch\":[{\"user_count\":2},{}]}"));
	}

	@Test
	void channelsListsTheOccupiedChannels() {
		assertThat(json(this.pusher.get("/channels").getMessage()))
			.isEqualTo(json("{\"channels\":{\"orders\":{},\"presence-room\":{}}}"));
		Result presence = this.pusher.get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count"));
		assertThat(presence.getHttpStatus()).isEqualTo(200);
		assertThat(json(presence.getMessage()))
			.isEqualTo(json("{\"channels\":{\"presence-room\":{\"user_count\":2}}}"));
		assertThat(json(this.pusher.get("/channels", Map.of("filter_by_prefix", "ord")).getMessage()))
			.isEqualTo(json("{\"channels\":{\"orders\":{}}}"));
	}

	@Test
	void channelsRefusesUserCountWithoutThePresencePrefix() {
		Result result = this.pusher.get("/channels", Map.of("info", "user_count"));
		assertThat(result.getHttpStatus()).isEqualTo(400);
		assertThat(result.getMessage()).contains("filter_by_prefix=presence-");
		assertThat(this.pusher.get("/channels", Map.of("info", "subscription_count")).getHttpStatus()).isEqualTo(400);
	}

	@Test
	void channelAnswersWhetherItIsOccupiedAndItsCounts() {
		Result presence = this.pusher.get("/channels/presence-room", Map.of("info", "subscription_count,user_count"));
		assertThat(json(presence.getMessage()))
			.isEqualTo(json("{\"occupied\":true,\"subscription_count\":3,\"user_count\":2}"));
		assertThat(json(this.pusher.get("/channels/orders").getMessage())).isEqualTo(json("{\"occupied\":true}"));
		assertThat(json(this.pusher.get("/channels/nobody-here", Map.of("info", "subscription_count")).getMessage()))
			.isEqualTo(json("{\"occupied\":false,\"subscription_count\":0}"));
		assertThat(this.pusher.get("/channels/orders", Map.of("info", "user_count")).getHttpStatus()).isEqualTo(400);
		assertThat(this.pusher.get("/channels/bad%20name").getHttpStatus()).isEqualTo(400);
	}

	@Test
	void usersListsTheMembersOfAPresenceChannelOnly() {
		Result users = this.pusher.get("/channels/presence-room/users");
		assertThat(users.getHttpStatus()).isEqualTo(200);
		assertThat(json(users.getMessage())).isEqualTo(json("{\"users\":[{\"id\":\"alice\"},{\"id\":\"bob\"}]}"));
		Result publicChannel = this.pusher.get("/channels/orders/users");
		assertThat(publicChannel.getHttpStatus()).isEqualTo(400);
		assertThat(publicChannel.getMessage()).contains("presence");
	}

	@Test
	void terminateConnectionsReachesTheDirectory() {
		Result result = this.pusher.post("/users/alice/terminate_connections", "{}");
		assertThat(result.getHttpStatus()).isEqualTo(200);
		assertThat(json(result.getMessage())).isEmpty();
		assertThat(this.directory.terminated).contains("app-id:alice");
	}

	@Test
	void wrongSecretIsRefusedWith401() throws Exception {
		try (Pusher impostor = pusher("not-the-secret")) {
			Result result = impostor.trigger("orders", "e", Map.of());
			assertThat(result.getHttpStatus()).isEqualTo(401);
			assertThat(result.getStatus()).isEqualTo(Result.Status.AUTHENTICATION_ERROR);
			assertThat(result.getMessage()).isEqualTo("Invalid auth_signature");
			assertThat(impostor.get("/channels").getHttpStatus()).isEqualTo(401);
		}
	}

	@Test
	void unknownKeyIsRefusedWith401() throws Exception {
		try (Pusher other = new Pusher("app-id", "other-key", "app-secret")) {
			other.setHost("localhost:" + this.port);
			Result result = other.get("/channels");
			assertThat(result.getHttpStatus()).isEqualTo(401);
			assertThat(result.getMessage()).isEqualTo("Unknown auth_key");
		}
	}

	@Test
	void unknownAppIsNotFound() throws Exception {
		try (Pusher other = new Pusher("no-such-app", "app-key", "app-secret")) {
			other.setHost("localhost:" + this.port);
			assertThat(other.trigger("orders", "e", Map.of()).getHttpStatus()).isEqualTo(404);
		}
		assertThat(this.pusher.get("/no-such-resource").getHttpStatus()).isEqualTo(404);
	}

	@Test
	void staleTimestampIsRefusedWith401() throws Exception {
		Clock past = Clock.fixed(Instant.now().minusSeconds(601), ZoneOffset.UTC);
		HttpResponse<String> response = send("GET", "/apps/app-id/channels", Map.of(), "", past);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).startsWith("Timestamp expired").contains("600s");
		Clock recent = Clock.fixed(Instant.now().minusSeconds(590), ZoneOffset.UTC);
		assertThat(send("GET", "/apps/app-id/channels", Map.of(), "", recent).statusCode()).isEqualTo(200);
	}

	@Test
	void bodyThatDoesNotMatchItsMd5IsRefusedWith401() throws Exception {
		String signedBody = "{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"orders\"}";
		Map<String, String> query = authenticator(Clock.systemUTC()).sign("POST", "/apps/app-id/events", Map.of(),
				signedBody.getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = raw("POST", "/apps/app-id/events?" + queryString(query),
				"{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"private-other\"}".getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("body_md5 does not match the body");
	}

	@Test
	void otherMethodIsRefusedWith405() throws Exception {
		HttpResponse<String> response = send("DELETE", "/apps/app-id/events", Map.of(), "", Clock.systemUTC());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
	}

	@Test
	void eventDataOver10KbIsRefusedWith413() {
		Result result = this.pusher.trigger("orders", "big", Map.of("text", "x".repeat(10 * 1024)));
		assertThat(result.getHttpStatus()).isEqualTo(413);
		assertThat(this.pusher.trigger("orders", "fits", Map.of("text", "x".repeat(10 * 1024 - 20))).getHttpStatus())
			.isEqualTo(200);
	}

	@Test
	void moreThan100ChannelsOr10BatchedEventsAreRefusedWith400() throws Exception {
		List<String> channels = IntStream.range(0, 101).mapToObj((i) -> "\"c" + i + "\"").toList();
		String body = "{\"name\":\"e\",\"data\":\"{}\",\"channels\":[" + String.join(",", channels) + "]}";
		assertThat(send("POST", "/apps/app-id/events", Map.of(), body, Clock.systemUTC()).statusCode()).isEqualTo(400);
		List<Event> batch = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			batch.add(new Event("orders", "e" + i, Map.of()));
		}
		Result result = this.pusher.trigger(batch);
		assertThat(result.getHttpStatus()).isEqualTo(400);
		assertThat(result.getMessage()).contains("1 to 10 events");
		assertThat(this.pusher.trigger(batch.subList(0, 10)).getHttpStatus()).isEqualTo(200);
	}

	@Test
	void malformedEventsAreRefusedWith400() throws Exception {
		for (String body : List.of("[]", "not json", "{\"name\":\"e\",\"channel\":\"orders\"}",
				"{\"name\":\"e\",\"data\":{\"an\":\"object\"},\"channel\":\"orders\"}",
				"{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"#server-to-user-\"}",
				"{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"#server-to-user-" + "u".repeat(129) + "\"}",
				"{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"#private-x\"}",
				"{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"orders\",\"socket_id\":\"1.2:private-x\"}",
				"{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"orders\",\"info\":\"everything\"}",
				"{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"orders\",\"channels\":[\"orders\"]}",
				"{\"name\":\"\",\"data\":\"{}\",\"channel\":\"orders\"}", "{\"batch\":[]}")) {
			String path = body.startsWith("{\"batch\"") ? "/apps/app-id/batch_events" : "/apps/app-id/events";
			assertThat(send("POST", path, Map.of(), body, Clock.systemUTC()).statusCode()).as(body).isEqualTo(400);
		}
	}

	@Test
	void hugeBodiesAreRefusedWith413WithoutBeingRead() throws Exception {
		byte[] huge = ("{\"name\":\"e\",\"data\":\"" + "x".repeat(100 * 1024) + "\",\"channel\":\"orders\"}")
			.getBytes(StandardCharsets.UTF_8);
		Map<String, String> query = authenticator(Clock.systemUTC()).sign("POST", "/apps/app-id/events", Map.of(), huge);
		HttpResponse<String> declared = raw("POST", "/apps/app-id/events?" + queryString(query), huge);
		assertThat(declared.statusCode()).isEqualTo(413);
		HttpRequest chunked = HttpRequest.newBuilder(uri("/apps/app-id/events?" + queryString(query)))
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
			.build();
		assertThat(HTTP.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
	}

	@Test
	void deeplyNestedJsonIsRefusedWith400() throws Exception {
		String deep = "{\"name\":\"e\",\"data\":\"{}\",\"channel\":\"orders\",\"x\":" + "[".repeat(5000)
				+ "]".repeat(5000) + "}";
		HttpResponse<String> response = send("POST", "/apps/app-id/events", Map.of(), deep, Clock.systemUTC());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("JSON limits");
	}

	@Test
	void loneSurrogatesAndInvalidUtf8AreRefusedWith400() throws Exception {
		String escaped = "{\"name\":\"e\",\"data\":\"\\ud800\",\"channel\":\"orders\"}";
		HttpResponse<String> response = send("POST", "/apps/app-id/events", Map.of(), escaped, Clock.systemUTC());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("unpaired surrogate");
		byte[] invalid = "{\"name\":\"e\",\"data\":\"\u00e9\",\"channel\":\"orders\"}".getBytes(StandardCharsets.ISO_8859_1);
		Map<String, String> query = authenticator(Clock.systemUTC()).sign("POST", "/apps/app-id/events", Map.of(),
				invalid);
		HttpResponse<String> latin1 = raw("POST", "/apps/app-id/events?" + queryString(query), invalid);
		assertThat(latin1.statusCode()).isEqualTo(400);
		assertThat(latin1.body()).contains("UTF-8");
	}

	@Test
	void hugeOrOverflowingTimestampsAreRefusedWith401() throws Exception {
		for (String timestamp : List.of("99999999999999999999999999", "9223372036854775807", "-9223372036854775808",
				"1e9")) {
			Map<String, String> query = new LinkedHashMap<>();
			query.put("auth_key", "app-key");
			query.put("auth_timestamp", timestamp);
			query.put("auth_version", "1.0");
			query.put("auth_signature", new PusherSignatures("app-key", "app-secret")
				.sign(PusherRequestAuthenticator.stringToSign("GET", "/apps/app-id/channels", query)));
			HttpResponse<String> response = raw("GET", "/apps/app-id/channels?" + queryString(query), new byte[0]);
			assertThat(response.statusCode()).as(timestamp).isEqualTo(401);
		}
	}

	@Test
	void repeatedQueryParametersAreRefusedWith401() throws Exception {
		Map<String, String> query = authenticator(Clock.systemUTC()).sign("GET", "/apps/app-id/channels",
				Map.of("filter_by_prefix", "presence-"), new byte[0]);
		String signed = queryString(query);
		for (String extra : List.of("&filter_by_prefix=orders", "&FILTER_BY_PREFIX=orders",
				"&auth_signature=" + query.get("auth_signature"))) {
			HttpResponse<String> response = raw("GET", "/apps/app-id/channels?" + signed + extra, new byte[0]);
			assertThat(response.statusCode()).as(extra).isEqualTo(401);
			assertThat(response.body()).contains("given twice");
		}
		assertThat(raw("GET", "/apps/app-id/channels?" + signed, new byte[0]).statusCode()).isEqualTo(200);
	}

	private Pusher pusher(String secret) {
		Pusher pusher = new Pusher("app-id", "app-key", secret);
		pusher.setHost("localhost:" + this.port);
		pusher.setRequestTimeout(5000);
		return pusher;
	}

	private static PusherRequestAuthenticator authenticator(Clock clock) {
		return new PusherRequestAuthenticator(new PusherSignatures("app-key", "app-secret"), clock);
	}

	private HttpResponse<String> send(String method, String path, Map<String, String> parameters, String body,
			Clock clock) throws Exception {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		Map<String, String> query = authenticator(clock).sign(method, path, parameters, bytes);
		return raw(method, path + "?" + queryString(query), bytes);
	}

	private HttpResponse<String> raw(String method, String pathAndQuery, byte[] body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.method(method, (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody())
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String pathAndQuery) {
		return URI.create("http://localhost:" + this.port + pathAndQuery);
	}

	private static String queryString(Map<String, String> query) {
		StringJoiner joiner = new StringJoiner("&");
		query.forEach((name, value) -> joiner
			.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return joiner.toString();
	}

	private static JsonNode json(String text) {
		return MAPPER.readTree(text);
	}

}

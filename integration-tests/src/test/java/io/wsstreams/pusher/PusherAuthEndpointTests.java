package io.wsstreams.pusher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.wsstreams.StreamUser;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.pusher.PusherTestClient.Socket;
import io.wsstreams.pusher.auth.PusherAuthorizer;
import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.test.StreamsTestSessions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the ready auth endpoints ({@code /pusher/auth}, {@code /pusher/user-auth})
 * through real HTTP and real Pusher sockets: what they sign for the session's user, which
 * app signs, and what they refuse.
 */
@StreamsServerTest
@TestPropertySource(properties = { "ws-streams.pusher.enabled=true", "ws-streams.pusher.apps[0].id=app-id",
		"ws-streams.pusher.apps[0].key=app-key", "ws-streams.pusher.apps[0].secret=app-secret",
		"ws-streams.pusher.apps[0].encryption-master-key=d3Mtc3RyZWFtcyBkZW1vIG1hc3RlciBrZXkgMzIgYiE=",
		"ws-streams.pusher.apps[1].id=other-id", "ws-streams.pusher.apps[1].key=other-key",
		"ws-streams.pusher.apps[1].secret=other-secret",
		"ws-streams.pusher.apps[1].allowed-origins=https://app.example.com" })
@Import(PusherAuthEndpointTests.Rooms.class)
class PusherAuthEndpointTests extends PusherSocketTestSupport {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SOCKET = "1234.5678";

	@Autowired
	private InMemorySessionRepository sessions;

	@Test
	void theSignedInUserJoinsAPresenceChannelWithWhatTheEndpointSigned() throws Exception {
		String session = StreamsTestSessions.signIn(this.sessions, "ada");
		try (Socket socket = this.client.connect("app-key")) {
			HttpResponse<String> response = post("/pusher/auth",
					Map.of("socket_id", socket.socketId(), "channel_name", "presence-room-1"), session, null);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			JsonNode answer = JSON.readTree(response.body());
			JsonNode channelData = JSON.readTree(answer.path("channel_data").asString());
			assertThat(channelData.path("user_id").asString()).isEqualTo("ada");
			assertThat(channelData.path("user_info").path("name").asString()).isEqualTo("Ada");

			socket.connection()
				.sendJson(Map.of("event", "pusher:subscribe", "data", Map.of("channel", "presence-room-1", "auth",
						answer.path("auth").asString(), "channel_data", answer.path("channel_data").asString())));
			JsonNode reply = socket.connection().next();
			assertThat(reply.path("event").asString()).isEqualTo("pusher_internal:subscription_succeeded");
			assertThat(PusherTestClient.data(reply).path("presence").path("ids").get(0).asString()).isEqualTo("ada");
		}
	}

	@Test
	void privateEncryptedAndUserAnswersAreSignedWithTheAppsKeys() throws Exception {
		String session = StreamsTestSessions.signIn(this.sessions, "ada");
		JsonNode privateAnswer = ok(post("/pusher/auth", Map.of("socket_id", SOCKET, "channel_name", "private-a"),
				session, null));
		assertThat(this.signatures.verifyChannel(SOCKET, "private-a", null, privateAnswer.path("auth").asString()))
			.isTrue();
		assertThat(privateAnswer.has("shared_secret")).isFalse();

		JsonNode encrypted = ok(post("/pusher/auth",
				Map.of("socket_id", SOCKET, "channel_name", "private-encrypted-a"), session, null));
		assertThat(encrypted.path("shared_secret").asString()).isEqualTo(
				PusherEncryption.ofBase64("d3Mtc3RyZWFtcyBkZW1vIG1hc3RlciBrZXkgMzIgYiE=")
					.sharedSecretBase64("private-encrypted-a"));

		JsonNode user = ok(post("/pusher/user-auth", Map.of("socket_id", SOCKET), session, null));
		String userData = user.path("user_data").asString();
		assertThat(JSON.readTree(userData).path("id").asString()).isEqualTo("ada");
		assertThat(JSON.readTree(userData).path("user_info").path("name").asString()).isEqualTo("Ada");
		assertThat(this.signatures.verifyUser(SOCKET, userData, user.path("auth").asString())).isTrue();
	}

	@Test
	void anAppKeyParameterChoosesTheAppThatSigns() throws Exception {
		String session = StreamsTestSessions.signIn(this.sessions, "ada");
		JsonNode answer = ok(post("/pusher/auth",
				Map.of("socket_id", SOCKET, "channel_name", "private-a", "app_key", "other-key"), session, null));
		assertThat(new PusherSignatures("other-key", "other-secret").verifyChannel(SOCKET, "private-a", null,
				answer.path("auth").asString()))
			.isTrue();
		assertThat(post("/pusher/auth", Map.of("socket_id", SOCKET, "channel_name", "private-a", "app_key", "nope"),
				session, null)
			.statusCode()).isEqualTo(400);
	}

	@Test
	void withoutASignedInUserTheAnswerIs401() throws Exception {
		assertThat(post("/pusher/auth", Map.of("socket_id", SOCKET, "channel_name", "private-a"), null, null)
			.statusCode()).isEqualTo(401);
		assertThat(post("/pusher/user-auth", Map.of("socket_id", SOCKET), "no-such-session", null).statusCode())
			.isEqualTo(401);
		String session = StreamsTestSessions.signIn(this.sessions, "ada");
		StreamsTestSessions.signOut(this.sessions, session);
		assertThat(post("/pusher/user-auth", Map.of("socket_id", SOCKET), session, null).statusCode()).isEqualTo(401);
	}

	@Test
	void theAuthorizerDecidesWhoSubscribesToWhat() throws Exception {
		String ada = StreamsTestSessions.signIn(this.sessions, "ada");
		String bob = StreamsTestSessions.signIn(this.sessions, "bob");
		Map<String, String> staff = Map.of("socket_id", SOCKET, "channel_name", "private-staff");
		assertThat(post("/pusher/auth", staff, ada, null).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = post("/pusher/auth", staff, bob, null);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain(":");
	}

	@Test
	void malformedRequestsAreRefusedWith400AndOtherMethodsWith405() throws Exception {
		String session = StreamsTestSessions.signIn(this.sessions, "ada");
		for (Map<String, String> form : java.util.List.of(Map.of("channel_name", "private-a"),
				Map.of("socket_id", SOCKET), Map.of("socket_id", "1234.5678:private-b", "channel_name", "private-a"),
				Map.of("socket_id", SOCKET, "channel_name", "public-news"),
				Map.of("socket_id", SOCKET, "channel_name", "private-" + "a".repeat(200)),
				Map.of("socket_id", SOCKET, "channel_name", "private-\uD800"))) {
			assertThat(post("/pusher/auth", form, session, null).statusCode()).as(form.toString()).isEqualTo(400);
		}
		assertThat(post("/pusher/user-auth", Map.of(), session, null).statusCode()).isEqualTo(400);
		HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(uri("/pusher/auth")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(get.headers().firstValue("Allow")).hasValue("POST");
	}

	@Test
	void anOriginIsCheckedAsTheAppsSocketsAre() throws Exception {
		String session = StreamsTestSessions.signIn(this.sessions, "ada");
		Map<String, String> form = Map.of("socket_id", SOCKET, "channel_name", "private-a");
		assertThat(post("/pusher/auth", form, session, "https://anywhere.example.com").statusCode())
			.as("an app without allowed origins allows any").isEqualTo(200);
		Map<String, String> other = new LinkedHashMap<>(form);
		other.put("app_key", "other-key");
		assertThat(post("/pusher/auth", other, session, "http://localhost:" + this.port).statusCode())
			.as("the page's own host").isEqualTo(200);
		assertThat(post("/pusher/auth", other, session, "https://app.example.com").statusCode()).isEqualTo(200);
		assertThat(post("/pusher/auth", other, session, "https://evil.example.com").statusCode()).isEqualTo(403);
	}

	private JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> post(String path, Map<String, String> form, @Nullable String session,
			@Nullable String origin) throws IOException, InterruptedException {
		String body = form.entrySet()
			.stream()
			.map((entry) -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (session != null) {
			request.header("X-Auth-Token", session);
		}
		if (origin != null) {
			request.header("Origin", origin);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Rooms {

		@Bean
		PusherAuthorizer pusherAuthorizer() {
			return new PusherAuthorizer() {

				@Override
				public boolean canSubscribe(StreamUser user, String appId, String channel) {
					return !channel.equals("private-staff") || user.id().equals("ada");
				}

				@Override
				public Map<String, ?> userInfo(StreamUser user, String appId) {
					return Map.of("name", user.id().substring(0, 1).toUpperCase() + user.id().substring(1));
				}

			};
		}

	}

}

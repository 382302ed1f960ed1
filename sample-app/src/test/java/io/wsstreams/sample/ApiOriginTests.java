package io.wsstreams.sample;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.wsstreams.test.Frames;
import io.wsstreams.test.HandshakeRefusedException;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * State-changing API requests from foreign origins are refused with 403, judged as the
 * WebSocket handshake judges origins.
 */
class ApiOriginTests extends SampleTest {

	private static final String FOREIGN = "https://evil.example";

	@Test
	void loginFromAForeignOriginIsRefusedAndKeepsTheCurrentSession() {
		SignedIn alice = this.http.login(unique("alice"));

		HttpResponse<String> response = this.http.post("/api/login", "{\"name\":\"mallory\"}",
				with(alice.cookieHeader(), "Origin", FOREIGN));

		assertForbidden(response, "/api/login");
		assertThat(response.headers().firstValue("X-Auth-Token")).isEmpty();
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(me(alice.cookieHeader()).statusCode()).isEqualTo(200);
		assertThat(SampleHttpClient.json(me(alice.cookieHeader())).path("user").asString()).isEqualTo(alice.user());
	}

	@Test
	void logoutFromAForeignOriginIsRefusedAndEndsNeitherTheSessionNorItsSockets() {
		SignedIn alice = this.http.login(unique("alice"));
		try (StreamsTestConnection socket = open("stream=channel:o1&clients=typing", alice.cookieHeader())) {
			socket.awaitFrame("welcome", null);

			HttpResponse<String> response = this.http.post("/api/logout", "",
					with(alice.cookieHeader(), "Origin", FOREIGN));

			assertForbidden(response, "/api/logout");
			assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
			assertThat(me(alice.cookieHeader()).statusCode()).isEqualTo(200);
			assertThat(me(alice.tokenHeader()).statusCode()).isEqualTo(200);
			socket.sendText("{\"type\":\"ping\",\"ref\":\"still-open\"}");
			assertThat(socket.awaitFrame(Frames.answering("still-open")).path("type").asString()).isEqualTo("pong");
		}
	}

	@Test
	void notificationFromAForeignOriginIsRefusedAndNotPublished() {
		SignedIn alice = this.http.login(unique("alice"));
		try (StreamsTestConnection socket = open("stream=channel:o2&clients=notifications", alice.tokenHeader())) {
			socket.awaitFrame("welcome", null);

			assertForbidden(this.http.post("/api/channels/o2/notifications", "{\"text\":\"forged\"}",
					with(alice.cookieHeader(), "Origin", FOREIGN)), "/api/channels/o2/notifications");
			assertThat(this.http
				.post("/api/channels/o2/notifications", "{\"text\":\"genuine\"}", with(alice.cookieHeader()))
				.statusCode()).isEqualTo(202);

			JsonNode first = socket.awaitFrame("notifications", null);
			assertThat(first.path("data").path("text").asString()).isEqualTo("genuine");
			assertThat(socket.received()).noneMatch((frame) -> frame.toString().contains("forged"));
		}
	}

	@Test
	void foreignOriginIsRefusedBeforeTheSessionIsChecked() {
		assertForbidden(this.http.post("/api/channels/o3/notifications", "{\"text\":\"hi\"}", "Origin", FOREIGN),
				"/api/channels/o3/notifications");
	}

	@Test
	void everyOriginOtherThanTheSamplesOwnOrAnAllowedOneIsForeign() {
		SignedIn alice = this.http.login(unique("alice"));
		List<String> foreign = List.of(FOREIGN, "null", "http://localhost:1", "https://localhost:" + this.port,
				"http://127.0.0.1:" + this.port, "https://app.example.com.evil.example", "https://trusted.example");
		for (String origin : foreign) {
			assertThat(this.http
				.post("/api/channels/o4/notifications", "{\"text\":\"hi\"}", with(alice.tokenHeader(), "Origin", origin))
				.statusCode()).as(origin).isEqualTo(403);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/logout", "/api;x=1/logout", "/%61pi/logout", "/api/logout/", "/api/unknown",
			"/pusher/auth", "/pusher/user-auth" })
	void everyStateChangingPathOfTheApiIsChecked(String path) {
		SignedIn alice = this.http.login(unique("alice"));

		assertThat(this.http.post(path, "", with(alice.cookieHeader(), "Origin", FOREIGN)).statusCode()).isEqualTo(403);
		assertThat(this.http.delete(path, with(alice.cookieHeader(), "Origin", FOREIGN)).statusCode()).isEqualTo(403);
		assertThat(me(alice.cookieHeader()).statusCode()).isEqualTo(200);
	}

	@Test
	void pusherAuthPathsWithoutAnOriginAreNotRefused() {
		assertThat(this.http.post("/pusher/auth", "").statusCode()).isNotEqualTo(403);
		assertThat(this.http.post("/pusher/user-auth", "").statusCode()).isNotEqualTo(403);
	}

	@Test
	void readsFromAForeignOriginAreLeftToTheBrowsersSameOriginPolicy() {
		SignedIn alice = this.http.login(unique("alice"));

		assertThat(me(with(alice.cookieHeader(), "Origin", FOREIGN)).statusCode()).isEqualTo(200);
	}

	@Test
	void requestsWithoutAnOriginAreAccepted() {
		SignedIn alice = this.http.login(unique("alice"));

		assertThat(this.http.post("/api/channels/o5/notifications", "{\"text\":\"hi\"}", alice.tokenHeader())
			.statusCode()).isEqualTo(202);
		assertThat(this.http.post("/api/logout", "", alice.tokenHeader()).statusCode()).isEqualTo(204);
		assertThat(me(alice.tokenHeader()).statusCode()).isEqualTo(401);
	}

	@Test
	void requestsFromTheSamplesOwnOriginAreAccepted() {
		assertAcceptedFrom("http://localhost:" + this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { ALLOWED_ORIGIN, "https://chat.trusted.example" })
	void requestsFromAnAllowedOriginAreAccepted(String origin) {
		assertAcceptedFrom(origin);
	}

	@Test
	void theApiAndTheHandshakeJudgeOriginsAlike() {
		SignedIn alice = this.http.login(unique("alice"));
		for (String origin : List.of("http://localhost:" + this.port, ALLOWED_ORIGIN, "https://chat.trusted.example")) {
			try (StreamsTestConnection socket = open("stream=channel:o6&clients=typing", with(alice.tokenHeader(), "Origin", origin))) {
				socket.awaitFrame("welcome", null);
			}
			assertThat(this.http
				.post("/api/channels/o6/notifications", "{\"text\":\"hi\"}", with(alice.tokenHeader(), "Origin", origin))
				.statusCode()).as(origin).isEqualTo(202);
		}
		assertThatExceptionOfType(HandshakeRefusedException.class)
			.isThrownBy(() -> open("stream=channel:o6&clients=typing", with(alice.tokenHeader(), "Origin", FOREIGN)))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(403));
		assertThat(this.http
			.post("/api/channels/o6/notifications", "{\"text\":\"hi\"}", with(alice.tokenHeader(), "Origin", FOREIGN))
			.statusCode()).isEqualTo(403);
	}

	private void assertAcceptedFrom(String origin) {
		HttpResponse<String> login = this.http.post("/api/login", "{\"name\":\"" + unique("alice") + "\"}", "Origin",
				origin);
		assertThat(login.statusCode()).isEqualTo(200);
		SignedIn alice = SignedIn.from(SampleHttpClient.json(login).path("user").asString(), login);

		assertThat(this.http
			.post("/api/channels/o7/notifications", "{\"text\":\"hi\"}", with(alice.cookieHeader(), "Origin", origin))
			.statusCode()).isEqualTo(202);
		assertThat(this.http.post("/api/logout", "", with(alice.cookieHeader(), "Origin", origin)).statusCode())
			.isEqualTo(204);
		assertThat(me(alice.cookieHeader()).statusCode()).isEqualTo(401);
	}

	private static void assertForbidden(HttpResponse<String> response, String path) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = SampleHttpClient.json(response);
		assertThat(problem.path("status").asInt()).isEqualTo(403);
		assertThat(problem.path("title").asString()).isEqualTo("Forbidden");
		assertThat(problem.path("instance").asString()).isEqualTo(path);
	}

	private HttpResponse<String> me(String... headers) {
		return this.http.get("/api/me", headers);
	}

	private static String[] with(String[] headers, String... more) {
		return Stream.concat(Arrays.stream(headers), Arrays.stream(more)).toArray(String[]::new);
	}

}

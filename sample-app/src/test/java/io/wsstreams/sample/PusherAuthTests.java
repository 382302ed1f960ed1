package io.wsstreams.sample;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.wsstreams.pusher.PusherEncryption;
import io.wsstreams.pusher.PusherSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's Pusher auth endpoints over real HTTP, with the form parameters pusher-js
 * posts: what a signed-in user gets for each kind of channel and for user sign-in, checked
 * with the demo app's key, secret and master key, and what everyone else gets.
 */
class PusherAuthTests extends SampleTest {

	/** The demo app's signatures, from the values in application.properties. */
	private static final PusherSignatures DEMO = new PusherSignatures("app-key", "app-secret");

	private static final PusherEncryption DEMO_ENCRYPTION = PusherEncryption
		.ofBase64("d3Mtc3RyZWFtcyBkZW1vIG1hc3RlciBrZXkgMzIgYiE=");

	private static final String SOCKET = "123.456";

	@Test
	void aPrivateChannelIsAuthorizedWithTheSessionCookie() {
		SignedIn alice = this.http.login(unique("alice"));

		JsonNode answer = ok(auth("private-orders", alice.cookieHeader()));

		assertThat(answer.propertyNames()).containsExactly("auth");
		assertThat(answer.path("auth").asString()).isEqualTo(DEMO.authorizeChannel(SOCKET, "private-orders"));
	}

	@Test
	void aPrivateChannelIsAuthorizedWithTheAuthTokenHeader() {
		SignedIn alice = this.http.login(unique("alice"));

		JsonNode answer = ok(auth("private-orders", alice.tokenHeader()));

		assertThat(answer.path("auth").asString()).isEqualTo(DEMO.authorizeChannel(SOCKET, "private-orders"));
	}

	@Test
	void aPresenceChannelGetsTheSignedInUserAsItsMember() {
		SignedIn alice = this.http.login(unique("alice"));

		JsonNode answer = ok(auth("presence-room-1", alice.tokenHeader()));

		String channelData = answer.path("channel_data").asString();
		JsonNode member = SampleHttpClient.JSON.readTree(channelData);
		assertThat(member.path("user_id").asString()).isEqualTo(alice.user());
		assertThat(member.path("user_info").path("name").asString()).isEqualTo(alice.user());
		assertThat(answer.path("auth").asString())
			.isEqualTo(DEMO.authorizePresenceChannel(SOCKET, "presence-room-1", channelData));
	}

	@Test
	void aPresenceChannelTakesNoUserFromTheRequest() {
		SignedIn alice = this.http.login(unique("alice"));

		JsonNode answer = ok(this.http.postForm("/pusher/auth",
				form("socket_id", SOCKET, "channel_name", "presence-room-1", "user_id", "mallory", "channel_data",
						"{\"user_id\":\"mallory\"}"),
				alice.tokenHeader()));

		assertThat(SampleHttpClient.JSON.readTree(answer.path("channel_data").asString()).path("user_id").asString())
			.isEqualTo(alice.user());
	}

	@Test
	void anEncryptedChannelGetsItsSharedSecret() {
		SignedIn alice = this.http.login(unique("alice"));

		JsonNode answer = ok(auth("private-encrypted-vault", alice.cookieHeader()));

		assertThat(answer.path("auth").asString()).isEqualTo(DEMO.authorizeChannel(SOCKET, "private-encrypted-vault"));
		assertThat(answer.path("shared_secret").asString())
			.isEqualTo(DEMO_ENCRYPTION.sharedSecretBase64("private-encrypted-vault"));
		assertThat(answer.path("shared_secret").asString())
			.isNotEqualTo(DEMO_ENCRYPTION.sharedSecretBase64("private-encrypted-other"));
	}

	@Test
	void userAuthenticationSignsTheSignedInUser() {
		SignedIn alice = this.http.login(unique("alice"));

		JsonNode answer = ok(this.http.postForm("/pusher/user-auth", form("socket_id", SOCKET), alice.tokenHeader()));

		String userData = answer.path("user_data").asString();
		assertThat(SampleHttpClient.JSON.readTree(userData).path("id").asString()).isEqualTo(alice.user());
		assertThat(DEMO.verifyUser(SOCKET, userData, answer.path("auth").asString())).isTrue();
	}

	@Test
	void withoutASessionBothEndpointsAnswer401() {
		assertThat(auth("private-orders").statusCode()).isEqualTo(401);
		assertThat(auth("private-orders", "X-Auth-Token", "not-a-session").statusCode()).isEqualTo(401);
		assertThat(auth("private-orders", "Cookie", "SESSION=not-a-session").statusCode()).isEqualTo(401);
		assertThat(this.http.postForm("/pusher/user-auth", form("socket_id", SOCKET)).statusCode()).isEqualTo(401);
	}

	@Test
	void aSessionThatEndedIsRefused() {
		SignedIn alice = this.http.login(unique("alice"));
		assertThat(this.http.post("/api/logout", "", alice.tokenHeader()).statusCode()).isEqualTo(204);

		HttpResponse<String> response = auth("private-orders", alice.tokenHeader());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("app-key:");
		assertThat(this.http.postForm("/pusher/user-auth", form("socket_id", SOCKET), alice.cookieHeader())
			.statusCode()).isEqualTo(401);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "123", "123.", ".456", "a.b", "123.456:presence-x", "123.456 ", "-1.2" })
	void malformedSocketIdsAreRefused(String socketId) {
		SignedIn alice = this.http.login(unique("alice"));

		assertThat(this.http
			.postForm("/pusher/auth", form("socket_id", socketId, "channel_name", "private-orders"), alice.tokenHeader())
			.statusCode()).as(socketId).isEqualTo(400);
		assertThat(this.http.postForm("/pusher/user-auth", form("socket_id", socketId), alice.tokenHeader())
			.statusCode()).as(socketId).isEqualTo(400);
	}

	@Test
	void missingParametersAreRefused() {
		SignedIn alice = this.http.login(unique("alice"));

		assertThat(this.http.postForm("/pusher/auth", form("channel_name", "private-orders"), alice.tokenHeader())
			.statusCode()).isEqualTo(400);
		assertThat(this.http.postForm("/pusher/auth", form("socket_id", SOCKET), alice.tokenHeader()).statusCode())
			.isEqualTo(400);
		assertThat(this.http.postForm("/pusher/user-auth", form(), alice.tokenHeader()).statusCode()).isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "private-", "presence-", "private-encrypted-", "private-a#b", "#server-to-user-bob",
			"private-a b", "private-ä", "orders" })
	void invalidOrPublicChannelsAreRefused(String channel) {
		SignedIn alice = this.http.login(unique("alice"));

		HttpResponse<String> response = auth(channel, alice.tokenHeader());

		assertThat(response.statusCode()).as(channel).isEqualTo(400);
		assertThat(response.body()).doesNotContain("app-key:");
	}

	@Test
	void aChannelNameOverPushersLimitIsRefused() {
		SignedIn alice = this.http.login(unique("alice"));

		assertThat(auth("private-" + "a".repeat(157), alice.tokenHeader()).statusCode()).isEqualTo(400);
		assertThat(auth("private-" + "a".repeat(156), alice.tokenHeader()).statusCode()).isEqualTo(200);
	}

	@Test
	void aForeignOriginIsRefusedEvenWithAValidSession() {
		SignedIn alice = this.http.login(unique("alice"));

		HttpResponse<String> channel = auth("private-orders",
				Stream.concat(Arrays.stream(alice.cookieHeader()), Stream.of("Origin", "https://evil.example"))
					.toArray(String[]::new));
		HttpResponse<String> user = this.http.postForm("/pusher/user-auth", form("socket_id", SOCKET), "Cookie",
				"SESSION=" + alice.cookie(), "Origin", "https://evil.example");

		assertThat(channel.statusCode()).isEqualTo(403);
		assertThat(channel.body()).doesNotContain("app-key:");
		assertThat(user.statusCode()).isEqualTo(403);
		assertThat(user.body()).doesNotContain("app-key:");
	}

	@Test
	void theSamplesOwnOriginIsAccepted() {
		SignedIn alice = this.http.login(unique("alice"));

		assertThat(auth("private-orders", "Cookie", "SESSION=" + alice.cookie(), "Origin", "http://localhost:" + this.port)
			.statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> auth(String channel, String... headers) {
		return this.http.postForm("/pusher/auth", form("socket_id", SOCKET, "channel_name", channel), headers);
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		return SampleHttpClient.json(response);
	}

	private static Map<String, String> form(String... fields) {
		Map<String, String> form = new LinkedHashMap<>();
		for (int i = 0; i < fields.length; i += 2) {
			form.put(fields[i], fields[i + 1]);
		}
		return form;
	}

}

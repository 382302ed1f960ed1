package io.wsstreams.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NotificationTests extends SampleTest {

	@Test
	void answers401WhenSignedOut() {
		HttpResponse<String> response = this.http.post("/api/channels/n1/notifications", "{\"text\":\"hi\"}");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void answers401BeforeCheckingTheRequestWhenSignedOut() {
		assertThat(this.http.post("/api/channels/a:b/notifications", "{}").statusCode()).isEqualTo(401);
	}

	@Test
	void answers400ForAnInvalidChannelId() {
		SignedIn bob = this.http.login(unique("bob"));

		HttpResponse<String> response = this.http.post("/api/channels/a:b/notifications", "{\"text\":\"hi\"}",
				bob.tokenHeader());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SampleHttpClient.json(response).path("errors").get(0).path("field").asString()).isEqualTo("id");
	}

	@Test
	void answers400ForAMissingOrTooLongText() {
		SignedIn bob = this.http.login(unique("bob"));

		assertThat(this.http.post("/api/channels/n2/notifications", "{}", bob.tokenHeader()).statusCode())
			.isEqualTo(400);
		assertThat(this.http
			.post("/api/channels/n2/notifications", "{\"text\":\"" + "x".repeat(501) + "\"}", bob.tokenHeader())
			.statusCode()).isEqualTo(400);
	}

	@Test
	void deliversToConnectionsOnTheChannelWhenSignedIn() {
		SignedIn alice = this.http.login(unique("alice"));
		SignedIn bob = this.http.login(unique("bob"));
		try (StreamsTestConnection socket = open("stream=channel:n3&clients=notifications", alice.tokenHeader())) {
			socket.awaitFrame("welcome", null);

			HttpResponse<String> response = this.http.post("/api/channels/n3/notifications",
					"{\"text\":\"" + "x".repeat(500) + "\"}", bob.cookieHeader());

			assertThat(response.statusCode()).isEqualTo(202);
			JsonNode event = socket.awaitFrame("notifications", null);
			assertThat(event.path("event").asString()).isEqualTo("message");
			assertThat(event.path("stream").asString()).isEqualTo("channel:n3");
			assertThat(event.path("from").isNull()).isTrue();
			assertThat(event.path("data").toString()).isEqualTo("{\"text\":\"" + "x".repeat(500) + "\"}");
		}
	}

	@Test
	void theEleventhNotificationWithinASecondIsAnswered429UntilASecondHasPassed() {
		SignedIn bob = this.http.login(unique("bob"));

		// Whatever the pace, the first ten are accepted; as long as ten of them fit in a
		// second, one of the next is refused.
		List<HttpResponse<String>> burst = burst(List.of(bob), 30);

		assertThat(burst.subList(0, 10)).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(202));
		HttpResponse<String> refused = burst.get(burst.size() - 1);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(SampleHttpClient.json(refused).path("status").asInt()).isEqualTo(429);

		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> notify("n4", bob).statusCode(), (status) -> status == 202);
	}

	@Test
	void theLimitIsPerUserAcrossSessionsAndLeavesOtherUsersAlone() {
		String name = unique("bob");
		SignedIn bobHere = this.http.login(name);
		SignedIn bobThere = this.http.login(name);
		SignedIn carol = this.http.login(unique("carol"));
		assertThat(bobThere.token()).isNotEqualTo(bobHere.token());

		// With a limit per session, the two sessions would have 20 accepted before any 429.
		List<HttpResponse<String>> burst = burst(List.of(bobHere, bobThere), 20);

		assertThat(burst.subList(0, 10)).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(202));
		assertThat(burst.get(burst.size() - 1).statusCode()).isEqualTo(429);
		assertThat(notify("n5", carol).statusCode()).isEqualTo(202);
	}

	/**
	 * Posts notifications as fast as the server answers, taking turns among the sessions,
	 * until one is answered 429 or {@code max} have been posted.
	 * @return the responses, the 429 last
	 */
	private List<HttpResponse<String>> burst(List<SignedIn> sessions, int max) {
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int i = 0; i < max; i++) {
			HttpResponse<String> response = notify("n4", sessions.get(i % sessions.size()));
			responses.add(response);
			if (response.statusCode() != 202) {
				break;
			}
		}
		return responses;
	}

	private HttpResponse<String> notify(String channel, SignedIn user) {
		return this.http.post("/api/channels/" + channel + "/notifications", "{\"text\":\"hi\"}", user.tokenHeader());
	}

}

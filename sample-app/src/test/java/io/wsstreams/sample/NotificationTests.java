package io.wsstreams.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

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
		try (StreamSocket socket = open("stream=channel:n3&clients=notifications", alice.tokenHeader())) {
			socket.awaitFrame("welcome");

			HttpResponse<String> response = this.http.post("/api/channels/n3/notifications",
					"{\"text\":\"" + "x".repeat(500) + "\"}", bob.cookieHeader());

			assertThat(response.statusCode()).isEqualTo(202);
			JsonNode event = socket.awaitFrame("notifications");
			assertThat(event.path("event").asString()).isEqualTo("message");
			assertThat(event.path("stream").asString()).isEqualTo("channel:n3");
			assertThat(event.path("from").isNull()).isTrue();
			assertThat(event.path("data").toString()).isEqualTo("{\"text\":\"" + "x".repeat(500) + "\"}");
		}
	}

}

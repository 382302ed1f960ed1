package io.wsstreams.sample;

import java.time.Duration;

import io.wsstreams.test.Frames;
import io.wsstreams.test.HandshakeRefusedException;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StreamSessionTests extends SampleTest {

	@Test
	void socketsOpenedWithTheTokenHeaderAndWithTheCookieAreBothWelcomedAsTheUser() {
		SignedIn alice = this.http.login("alice");

		try (StreamsTestConnection byToken = open("stream=channel:s1&clients=typing", alice.tokenHeader());
				StreamsTestConnection byCookie = open("stream=channel:s1&clients=typing", alice.cookieHeader())) {
			for (StreamsTestConnection socket : new StreamsTestConnection[] { byToken, byCookie }) {
				JsonNode welcome = socket.awaitFrame("welcome", null).path("data");
				assertThat(welcome.path("user").path("id").asString()).isEqualTo("alice");
				assertThat(welcome.path("stream").asString()).isEqualTo("channel:s1");
				assertThat(welcome.path("clients").toString()).isEqualTo("[{\"name\":\"typing\",\"strategy\":\"pub-sub\"}]");
			}
		}
	}

	@Test
	void handshakeWithoutASignedInSessionIsRefusedWith401() {
		assertThatExceptionOfType(HandshakeRefusedException.class)
			.isThrownBy(() -> open("stream=channel:s2&clients=typing"))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(401));
	}

	@Test
	void logoutClosesTheSessionsSocketsWith4401WithinFiveSeconds() {
		SignedIn alice = this.http.login(unique("alice"));
		SignedIn bob = this.http.login(unique("bob"));
		try (StreamsTestConnection aliceSocket = open("stream=channel:s3&clients=typing", alice.cookieHeader());
				StreamsTestConnection bobSocket = open("stream=channel:s3&clients=typing", bob.tokenHeader())) {
			aliceSocket.awaitFrame("welcome", null);
			bobSocket.awaitFrame("welcome", null);

			assertThat(this.http.post("/api/logout", "", alice.tokenHeader()).statusCode()).isEqualTo(204);

			assertThat(aliceSocket.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
			assertThat(aliceSocket.awaitClose().reason()).isEqualTo("Session ended");
			bobSocket.sendText("{\"type\":\"ping\",\"ref\":\"still-open\"}");
			assertThat(bobSocket.awaitFrame(Frames.answering("still-open")).path("type").asString()).isEqualTo("pong");
		}
	}

}

package io.wsstreams.sample;

import io.wsstreams.test.HandshakeRefusedException;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Behind a proxy that forwards the public scheme and host, the API and the handshake both
 * take the public origin as the sample's own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.forward-headers-strategy=framework")
class ForwardedOriginTests extends SampleTest {

	private static final String[] FORWARDED = { "X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example.org" };

	@Test
	void thePublicOriginIsTheSamplesOwn() {
		SignedIn alice = this.http.login(unique("alice"));
		String[] headers = headers(alice, "https://chat.example.org");

		try (StreamsTestConnection socket = open("stream=channel:f1&clients=typing", headers)) {
			socket.awaitFrame("welcome", null);
		}
		assertThat(this.http.post("/api/channels/f1/notifications", "{\"text\":\"hi\"}", headers).statusCode())
			.isEqualTo(202);
	}

	@Test
	void theOriginBehindTheProxyIsForeign() {
		SignedIn alice = this.http.login(unique("alice"));
		String[] headers = headers(alice, "http://localhost:" + this.port);

		assertThatExceptionOfType(HandshakeRefusedException.class)
			.isThrownBy(() -> open("stream=channel:f2&clients=typing", headers))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(403));
		assertThat(this.http.post("/api/channels/f2/notifications", "{\"text\":\"hi\"}", headers).statusCode())
			.isEqualTo(403);
	}

	private static String[] headers(SignedIn user, String origin) {
		return new String[] { "X-Auth-Token", user.token(), "Origin", origin, FORWARDED[0], FORWARDED[1], FORWARDED[2],
				FORWARDED[3] };
	}

}

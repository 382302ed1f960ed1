package io.wsstreams.sample;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The running sample on a random port, shared by every test class that does not configure
 * it differently: real HTTP calls and real WebSocket connections. Besides its own origin, the sample allows
 * {@link #ALLOWED_ORIGIN} and the origins matching {@link #ALLOWED_ORIGIN_PATTERN}, as an
 * application that serves its page from another host would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ws-streams.allowed-origins=" + SampleTest.ALLOWED_ORIGIN,
				"ws-streams.allowed-origin-patterns=" + SampleTest.ALLOWED_ORIGIN_PATTERN })
abstract class SampleTest {

	static final String ALLOWED_ORIGIN = "https://app.example.com";

	static final String ALLOWED_ORIGIN_PATTERN = "https://*.trusted.example";

	private static final AtomicInteger names = new AtomicInteger();

	@LocalServerPort
	int port;

	SampleHttpClient http;

	@BeforeEach
	void createClient() {
		this.http = new SampleHttpClient(this.port);
	}

	/**
	 * A name no other test uses, so that tests never share a user's connection limit.
	 * @param prefix a readable prefix
	 * @return the name
	 */
	static String unique(String prefix) {
		return prefix + "-" + names.incrementAndGet();
	}

	StreamSocket open(String query, String... headers) {
		return StreamSocket.open(this.port, query, headers);
	}

}

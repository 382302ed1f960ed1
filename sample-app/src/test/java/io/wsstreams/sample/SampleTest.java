package io.wsstreams.sample;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstreams.test.StreamsTestConnection;
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

	StreamsTestConnection open(String query, String... headers) {
		return open(this.port, query, headers);
	}

	/**
	 * Opens a connection to the sample on a port.
	 * @param port the port
	 * @param query the query, such as {@code stream=channel:1&clients=typing}
	 * @param headers request headers as name, value pairs
	 * @return the connection
	 */
	static StreamsTestConnection open(int port, String query, String... headers) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < headers.length; i += 2) {
			map.put(headers[i], headers[i + 1]);
		}
		return StreamsTestConnection.open(URI.create("ws://localhost:" + port + "/ws?" + query), map);
	}

}

package io.wsstreams.sample;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The running sample on a random port, shared by every test class: real HTTP calls and
 * real WebSocket connections.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class SampleTest {

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

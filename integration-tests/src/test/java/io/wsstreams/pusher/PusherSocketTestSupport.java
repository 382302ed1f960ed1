package io.wsstreams.pusher;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The client and signatures of tests against a server whose first Pusher app has the key
 * {@code app-key} and the secret {@code app-secret}.
 */
abstract class PusherSocketTestSupport {

	@LocalServerPort
	protected int port;

	protected PusherTestClient client;

	protected final PusherSignatures signatures = new PusherSignatures("app-key", "app-secret");

	@BeforeEach
	void client() {
		this.client = new PusherTestClient(this.port);
	}

}

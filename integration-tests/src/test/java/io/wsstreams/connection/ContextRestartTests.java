package io.wsstreams.connection;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stopping the application context drains its sockets with 1012; starting it again
 * serves new connections (the test framework itself stops and restarts the cached
 * contexts it switches between).
 */
@StreamsServerTest
class ContextRestartTests extends SocketTestSupport {

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void drainsOnStopAndAcceptsHandshakesAgainAfterStart() {
		StreamsTestConnection before = join(unique("alice"), "channel:1", "echo");
		this.context.stop();
		assertClosed(before, 1012, "Service restart");
		this.context.start();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		assertOpen(join(unique("alice"), "channel:1", "echo"));
	}

}

package io.wsstreams.session;

import java.time.Duration;

import io.wsstreams.it.ShortTimings;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session whose socket is in use does not expire from inactivity: its traffic refreshes
 * the session's last access time. Here sessions time out after 2 s and sockets refresh
 * them at most every 300 ms.
 */
@StreamsServerTest
@ShortTimings
class SessionKeepAliveTests extends SocketTestSupport {

	@Test
	void keepsSessionAliveWhileItsSocketIsInUse() {
		String inUse = signIn(unique("alice"));
		String idle = signIn(unique("bob"));
		StreamsTestConnection client = welcomed(connectWithSession(inUse, "stream=channel:1&clients=echo"));
		long timeout = ShortTimings.SESSION_TIMEOUT_MILLIS;
		long end = System.nanoTime() + Duration.ofMillis(2 * timeout + 500).toNanos();
		await().atMost(Duration.ofMillis(4 * timeout)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertOpen(client);
			return System.nanoTime() > end;
		});
		assertThat(this.sessions.findById(idle)).as("session without socket").isNull();
		assertThat(this.sessions.findById(inUse)).as("session with socket").isNotNull();
		assertThat(client.isClosed()).isFalse();
		assertOpen(client);
	}

}

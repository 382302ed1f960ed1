package io.wsstreams.session;

import java.time.Duration;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.Sockets;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets of an HTTP session that ends (deleted, as on logout, or expired) close with
 * 4401 within 5 seconds; other sessions' sockets stay open.
 */
@StreamsServerTest
class SessionEndTests extends SocketTestSupport {

	private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	private static final String QUERY = "stream=channel:1&clients=echo";

	@Test
	void closesEverySocketOfTheSessionWith4401WhenTheSessionIsDeleted() {
		String user = unique("alice");
		String session = signIn(user);
		StreamsTestConnection first = welcomed(connectWithSession(session, QUERY));
		StreamsTestConnection second = welcomed(connectWithSession(session, "stream=channel:2&clients=notifications"));
		StreamsTestConnection otherSession = join(user, "channel:1", "echo");
		this.sessions.deleteById(session);
		for (StreamsTestConnection client : new StreamsTestConnection[] { first, second }) {
			assertThat(client.awaitClose(FIVE_SECONDS).code()).isEqualTo(4401);
			assertThat(client.awaitClose().reason()).isEqualTo("Session ended");
		}
		assertOpen(otherSession);
	}

	@Test
	void closesSocketWith4401WithinFiveSecondsOfTheSessionExpiring() {
		MapSession session = this.sessions.createSession();
		session.setAttribute("user", unique("alice"));
		session.setMaxInactiveInterval(Duration.ofSeconds(1));
		this.sessions.save(session);
		StreamsTestConnection client = welcomed(connectWithSession(session.getId(), QUERY));
		StreamsTestConnection otherSession = join(unique("bob"), "channel:1", "echo");
		assertThat(client.awaitClose(Duration.ofSeconds(1).plus(FIVE_SECONDS)).code()).isEqualTo(4401);
		assertThat(client.awaitClose().reason()).isEqualTo("Session ended");
		assertThat(this.sessions.findById(session.getId())).isNull();
		assertOpen(otherSession);
	}

}

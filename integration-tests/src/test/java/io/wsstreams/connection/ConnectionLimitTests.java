package io.wsstreams.connection;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TightLimits;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-user connection limit ({@code ws-streams.limits.connections-per-user}, 2 here):
 * one more closes with 4429, after the parameter checks and before authorization.
 */
@StreamsServerTest
@TightLimits
class ConnectionLimitTests extends SocketTestSupport {

	@Autowired
	ConnectionRegistry registry;

	@Test
	void closesWith4429WhenUserHasTooManyConnections() {
		String user = unique("alice");
		StreamsTestConnection first = join(user, "channel:1", "echo");
		join(user, "channel:2", "notifications");
		StreamsTestConnection third = connectAs(user, "stream=channel:3&clients=echo");
		assertClosed(third, 4429, "Too many connections");
		assertThat(third.received()).isEmpty();
		assertOpen(first);
		join(unique("bob"), "channel:1", "echo");
	}

	@Test
	void admitsAnotherConnectionOnceOneCloses() {
		String user = unique("alice");
		StreamsTestConnection first = join(user, "channel:1", "echo");
		join(user, "channel:1", "echo");
		first.close();
		await().untilAsserted(() -> assertThat(this.registry.ofUser(user)).hasSize(1));
		join(user, "channel:1", "echo");
	}

	@Test
	void checksParametersBeforeConnectionLimit() {
		String user = userAtLimit();
		assertClosed(connectAs(user, "stream=channel:1&clients=nope"), 1008, "Unknown client: nope");
	}

	@Test
	void checksConnectionLimitBeforeAuthorization() {
		String user = userAtLimit();
		assertClosed(connectAs(user, "stream=admin:1&clients=notifications"), 4429, "Too many connections");
	}

	@Test
	void releasesTheSlotOfAConnectionDeniedByTheAuthorizer() {
		String user = unique("bob");
		join(user, "channel:1", "echo");
		assertClosed(connectAs(user, "stream=admin:1&clients=notifications"), 4403, "Forbidden: notifications");
		join(user, "channel:1", "echo");
	}

	/** A user (not an admin) with as many connections as allowed. */
	private String userAtLimit() {
		String user = unique("bob");
		join(user, "channel:1", "echo");
		join(user, "channel:1", "echo");
		return user;
	}

}

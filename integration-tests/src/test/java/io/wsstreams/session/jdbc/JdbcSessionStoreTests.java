package io.wsstreams.session.jdbc;

import java.time.Duration;
import java.time.Instant;

import io.wsstreams.test.StreamsTestClient;
import io.wsstreams.test.StreamsTestConnection;
import io.wsstreams.test.StreamsTestSessions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import static io.wsstreams.test.StreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 4401 promise with a session store that publishes no session events (Spring Boot's
 * JDBC store): the session check closes the sockets of a session deleted behind the
 * application's back within 5 s.
 */
@SpringBootTest(classes = JdbcSessionApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.session.jdbc.initialize-schema=always")
class JdbcSessionStoreTests {

	@LocalServerPort
	int port;

	@Autowired
	SessionRepository<? extends Session> sessions;

	@Test
	void theApplicationsJdbcStoreIsUsed() {
		assertThat(this.sessions).isInstanceOf(JdbcIndexedSessionRepository.class);
	}

	@Test
	void aSessionDeletedInTheDatabaseClosesItsSocketWithin5Seconds() {
		String session = StreamsTestSessions.signIn(this.sessions, "alice");
		try (StreamsTestConnection connection = StreamsTestClient.forPort(this.port)
			.withSession(session)
			.withTimeout(Duration.ofSeconds(5))
			.connect("room:jdbc", "chat")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "alice");
			Instant deleted = Instant.now();

			StreamsTestSessions.signOut(this.sessions, session);

			assertThat(connection).closesWith(4401, "Session ended");
			assertThat(Duration.between(deleted, Instant.now())).isLessThan(Duration.ofSeconds(5));
		}
	}

}

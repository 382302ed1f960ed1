package io.wsstreams.sample;

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

import static io.wsstreams.test.StreamsAssertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SignedInWithoutLoginTests {

	@LocalServerPort
	int port;

	@Autowired
	SessionRepository<? extends Session> sessions;

	@Test
	void aSessionMadeInTheRepositoryConnectsAndItsEndClosesTheSocket() {
		String session = StreamsTestSessions.signIn(this.sessions, "carol");
		StreamsTestClient carol = StreamsTestClient.forPort(this.port).withSession(session);

		try (StreamsTestConnection connection = carol.connect("channel:7", "chat", "presence")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "carol");
			assertThat(connection).receives("presence", "state").hasData("/users/0/id", "carol");

			StreamsTestSessions.signOut(this.sessions, session);

			assertThat(connection).closesWith(4401, "Session ended");
		}
	}

}

package io.wsstreams.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.PublishResult;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.session.InMemorySessionRepository;
import io.wsstreams.test.RecordingStreamContext.Recorded;
import io.wsstreams.test.RecordingStreamContext.Target;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.session.MapSession;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.wsstreams.test.StreamsAssertions.assertThat;
import static io.wsstreams.test.StreamsAssertions.assertThatFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The test kit against a real server: that each of its promises holds, and that each of its
 * assertions fails when it should.
 */
@StreamsServerTest
@Import(StreamsTestKitTests.SignInEndpoints.class)
class StreamsTestKitTests extends SocketTestSupport {

	private StreamsTestClient client() {
		return StreamsTestClient.forPort(this.port);
	}

	@Test
	void signInKeepsTheCookieAndTheTokenOfAJsonSignIn() {
		StreamsTestClient alice = client().signIn("/kit/login", Map.of("name", "alice"));

		assertThat(alice.sessionId()).isNotNull();
		try (StreamsTestConnection connection = alice.connect("room:kit-1", "echo")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "alice");
		}
		try (StreamsTestConnection byToken = client().withToken(alice.sessionId()).connect("room:kit-1", "echo")) {
			assertThat(byToken).isWelcomed().hasData("/user/id", "alice");
		}
	}

	@Test
	void signInWithFormFollowsAFormSignInThatRedirects() {
		StreamsTestClient bob = client().signInWithForm("/kit/form-login", Map.of("name", "bob & co"));

		try (StreamsTestConnection connection = bob.connect("room:kit-2", "echo")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "bob-co");
		}
	}

	@Test
	void aFailedSignInIsAnAssertionError() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> client().signIn("/kit/login", Map.of("name", "")))
			.withMessageContaining("answered 400");
	}

	@Test
	void aRefusedUpgradeThrowsWithItsStatus() {
		HandshakeRefusedException refused = catchThrowableOfType(HandshakeRefusedException.class,
				() -> client().connect("room:kit-3", "echo"));

		assertThat(refused.status()).isEqualTo(401);
		assertThat(catchThrowableOfType(HandshakeRefusedException.class,
				() -> client().withSession(signIn("eve")).withOrigin("https://evil.example.net").connect("room:kit-3", "echo"))
			.status()).isEqualTo(403);
	}

	@Test
	void awaitFrameFindsFramesInAnyOrderAndEachFrameOnce() {
		try (StreamsTestConnection connection = client().withSession(signIn("carol")).connect("room:kit-4", "echo")) {
			connection.welcome();
			connection.send("echo", "publish", Map.of("text", "one"));
			connection.send("echo", "publish", Map.of("text", "two"));

			JsonNode second = connection.awaitFrame(Frames.withData("/text", "two"));
			JsonNode first = connection.awaitFrame("echo", "message");

			assertThatFrame(first).hasData("/text", "one").isFrom("carol");
			assertThatFrame(second).hasData("/text", "two");
			assertThat(connection).receivesNo("echo", "message");
		}
	}

	@Test
	void requestWaitsForTheAnswerWhetherReplyOrError() {
		try (StreamsTestConnection connection = client().withSession(signIn("dave")).connect("room:kit-5", "echo")) {
			assertThat(connection.request("echo", "message", Map.of("a", "b"))).isReply().hasData("/a", "b");
			Answer unknown = connection.request("echo", "nope", null);
			assertThat(unknown).isError("UNKNOWN_ACTION");
			assertThat(unknown.message()).isNotBlank();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(unknown).isReply());
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(connection.request("echo", "message", null)).isError("UNKNOWN_ACTION"));
		}
	}

	@Test
	void receivesNoFailsWhenSuchAFrameArrived() {
		try (StreamsTestConnection connection = client().withSession(signIn("erin")).connect("room:kit-6", "echo")) {
			assertThat(connection.request("echo", "publish", Map.of("text", "here"))).isReply();

			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(connection).receivesNo("echo", "message"))
				.withMessageContaining("\"text\":\"here\"");
		}
	}

	@Test
	void aWaitEndsWithTheTimeoutAndSaysWhatArrived() {
		StreamsTestClient impatient = client().withSession(signIn("frank")).withTimeout(Duration.ofMillis(300));
		try (StreamsTestConnection connection = impatient.connect("room:kit-7", "echo")) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> connection.awaitFrame("echo", "never"))
				.withMessageContaining("within PT0.3S")
				.withMessageContaining("welcome");
		}
	}

	@Test
	void closesWithChecksTheCodeAndTheReason() {
		StreamsTestClient grace = client().withSession(signIn("grace"));
		try (StreamsTestConnection unknown = grace.connect("room:kit-8", "nope")) {
			assertThat(unknown).closesWith(1008, "Unknown client: nope");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(unknown).closesWith(4403));
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(unknown).closesWith(1008, "Invalid stream"));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(unknown).isOpen());
		}
	}

	@Test
	void connectWithSinceResumesAfterTheGivenId() {
		StreamsTestClient heidi = client().withSession(signIn("heidi"));
		String first;
		String second;
		try (StreamsTestConnection chat = heidi.connect("room:kit-9", "chat")) {
			first = chat.request("chat", "send", Map.of("text", "one")).id();
			second = chat.request("chat", "send", Map.of("text", "two")).id();
		}

		try (StreamsTestConnection chat = heidi.connect("room:kit-9", List.of("chat"), Map.of("chat", first))) {
			assertThat(chat).receives("chat", "message").hasId(second).hasData("/text", "two");
			assertThat(chat).receives("chat", "synced").hasData("/recovered", true).hasData("/last", second);
		}
	}

	@Test
	void sessionsMadeInTheRepositoryConnectAndTheirEndClosesTheSocket() {
		String session = StreamsTestSessions.signIn(this.sessions, "ivan");
		try (StreamsTestConnection connection = client().withSession(session).connect("room:kit-10", "echo")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "ivan");

			StreamsTestSessions.signOut(this.sessions, session);

			assertThat(connection).closesWith(4401, "Session ended");
		}
	}

	@Test
	void recordingStreamContextRecordsPublicationsAndSendsWithIdsForStreams() {
		RecordingStreamContext context = RecordingStreamContext.of("channel:1", "chat")
			.withStrategy(DeliveryStrategy.STREAMS)
			.withUser("judy")
			.withClients("chat", "presence");

		PublishResult first = context.publish("message", "a");
		PublishResult second = context.publishToOthers("message", "b");
		context.send("hint", "c");

		assertThat(first.id()).isEqualTo("1-0");
		assertThat(second.id()).isEqualTo("2-0");
		assertThat(context.published()).containsExactly(new Recorded(Target.TOPIC, "message", "a", "1-0"),
				new Recorded(Target.OTHERS, "message", "b", "2-0"));
		assertThat(context.sent()).containsExactly(new Recorded(Target.CONNECTION, "hint", "c", null));
		assertThat(context.user().id()).isEqualTo("judy");
		assertThat(context.clients()).containsExactly("chat", "presence");
		assertThat(RecordingStreamContext.of("channel:1", "typing").publish("typing", true)).isEqualTo(PublishResult.LIVE);
	}

	/**
	 * Sign-in endpoints of the kinds applications have: JSON answered with the session as
	 * cookie and header, and a form answered with a redirect.
	 */
	@RestController
	static class SignInEndpoints {

		private final InMemorySessionRepository sessions;

		SignInEndpoints(InMemorySessionRepository sessions) {
			this.sessions = sessions;
		}

		@PostMapping("/kit/login")
		ResponseEntity<Void> login(@RequestBody Map<String, String> body) {
			String name = body.getOrDefault("name", "");
			if (name.isBlank()) {
				return ResponseEntity.badRequest().build();
			}
			String id = session(name);
			return ResponseEntity.ok()
				.header("Set-Cookie", "SESSION=" + encoded(id) + "; Path=/; HttpOnly")
				.header("X-Auth-Token", id)
				.build();
		}

		@PostMapping("/kit/form-login")
		ResponseEntity<Void> formLogin(@RequestParam String name) {
			String id = session(name.replaceAll("[^a-z]+", "-"));
			return ResponseEntity.status(302)
				.header("Location", "/")
				.header("Set-Cookie", "SESSION=" + encoded(id) + "; Path=/; HttpOnly")
				.build();
		}

		private static String encoded(String id) {
			return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
		}

		private String session(String user) {
			MapSession session = this.sessions.createSession();
			session.setAttribute("user", user);
			this.sessions.save(session);
			return session.getId();
		}

	}

}

package io.wsstreams.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.wsstreams.test.HandshakeRefusedException;
import io.wsstreams.test.StreamsTestClient;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static io.wsstreams.test.StreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Connections authenticated by Spring Security: with a session (form login), and without
 * one (HTTP Basic, a bearer token in the {@code Authorization} header or, as browsers must
 * send it, in {@code Sec-WebSocket-Protocol}).
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SecuredConnectionTests {

	@LocalServerPort
	int port;

	private StreamsTestClient client() {
		return StreamsTestClient.forPort(this.port);
	}

	static String jwt(String subject, Instant expiresAt) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(SecuredApplication.JWT_KEY));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(expiresAt.minusSeconds(600))
			.expiresAt(expiresAt)
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	@Test
	void formLoginGivesASessionWhoseLogoutClosesTheSocket() {
		StreamsTestClient alice = client().signInWithForm("/login", Map.of("username", "alice", "password", "secret"));

		try (StreamsTestConnection connection = alice.connect("room:1", "secure")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "alice");
			assertThat(connection.request("secure", "whoami", null)).isReply()
				.hasData("/authentication", "UsernamePasswordAuthenticationToken")
				.hasData("/holder", "alice");

			assertThat(alice.submitForm("/logout", Map.of()).statusCode()).isBetween(200, 399);

			assertThat(connection).closesWith(4401, "Session ended");
		}
	}

	@Test
	void httpBasicWithoutASessionIsTheUser() {
		try (StreamsTestConnection connection = client().withBasic("alice", "secret").connect("room:2", "secure")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "alice");
			assertThat(connection.request("secure", "whoami", null)).isReply()
				.hasData("/principal", "alice")
				.hasData("/user", "alice")
				.hasData("/authentication", "UsernamePasswordAuthenticationToken")
				.hasData("/holder", "alice");
		}
	}

	@Test
	void wrongBasicCredentialsAreRefusedBySpringSecurity() {
		HandshakeRefusedException refused = catchThrowableOfType(HandshakeRefusedException.class,
				() -> client().withBasic("alice", "wrong").connect("room:3", "secure"));

		assertThat(refused.status()).isEqualTo(401);
	}

	@Test
	void aBearerTokenInTheAuthorizationHeaderIsTheUser() {
		String token = jwt("bob", Instant.now().plusSeconds(300));
		try (StreamsTestConnection connection = client().withBearer(token).connect("room:4", "secure")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "bob");
			assertThat(connection.request("secure", "whoami", null)).isReply()
				.hasData("/authentication", "JwtAuthenticationToken")
				.hasData("/holder", "bob");
		}
	}

	@Test
	void aBrowserSendsItsBearerTokenBesideTheMarkerAndGetsOnlyTheMarkerBack() {
		String token = jwt("carol", Instant.now().plusSeconds(300));
		try (StreamsTestConnection connection = client().withBearerSubprotocol(token).connect("room:5", "secure")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "carol");
			assertThat(connection.socket().getSubprotocol()).isEqualTo("ws-streams");
		}
	}

	@Test
	void theTokensExpiryClosesTheSocketWithSessionEnded() {
		String token = jwt("dave", Instant.now().plusSeconds(3));
		try (StreamsTestConnection connection = client().withBearer(token)
			.withTimeout(Duration.ofSeconds(10))
			.connect("room:6", "secure")) {
			assertThat(connection).isWelcomed().hasData("/user/id", "dave");

			assertThat(connection).closesWith(4401, "Session ended");
		}
	}

	@Test
	void anExpiredTokenIsRefused() {
		String token = jwt("erin", Instant.now().minusSeconds(120));

		assertThat(catchThrowableOfType(HandshakeRefusedException.class,
				() -> client().withBearer(token).connect("room:7", "secure"))
			.status()).isEqualTo(401);
	}

	@Test
	void anAnonymousHandshakeIsRefusedByWsStreamsWithItsReasonLoggedAtDebug(CapturedOutput output) {
		assertThat(catchThrowableOfType(HandshakeRefusedException.class, () -> client().connect("room:8", "secure"))
			.status()).isEqualTo(401);
		assertThat(output).contains("Refused the handshake of /ws from")
			.contains("with 401: no session id in the session cookie or header, and no authenticated principal");
	}

	@Test
	void anUnknownSessionIsLoggedWithoutItsId(CapturedOutput output) {
		String id = "0b0f8a7e-unknown-session-id";
		assertThat(catchThrowableOfType(HandshakeRefusedException.class,
				() -> client().withToken(id).connect("room:9", "secure"))
			.status()).isEqualTo(401);
		assertThat(output).contains("the session is unknown or expired (1 session id(s) tried)").doesNotContain(id);
	}

	@Test
	void startUpLogsTheEndpointAndTheFeatures(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SecuredApplication.class)
			.run("--server.port=0")) {
			assertThat(output).contains("ws-streams endpoint /ws with features secure (pub-sub), presence (pub-sub)");
		}
	}

}

package io.wsstreams.pusher;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wsstreams.pusher.PusherRequestAuthenticator.Result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PusherRequestAuthenticator}, against the worked example of Pusher's
 * "HTTP API reference": app id {@code 3}, key {@code 278d425bdf160c739803}, secret
 * {@code 7ad3773142a6692b25b8}, event {@code foo} on {@code project-3} at timestamp
 * {@code 1353088179}.
 */
class PusherRequestAuthenticatorTests {

	private static final long TIMESTAMP = 1353088179L;

	private static final byte[] BODY = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final String BODY_MD5 = "ec365a775a4cd0599faeb73354201b6f";

	private static final String SIGNATURE = "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c";

	private final PusherSignatures signatures = new PusherSignatures("278d425bdf160c739803", "7ad3773142a6692b25b8");

	@Test
	void bodyMd5IsTheDocumentedOne() {
		assertThat(PusherRequestAuthenticator.bodyMd5(BODY)).isEqualTo(BODY_MD5);
		assertThat(PusherRequestAuthenticator.bodyMd5(new String(BODY, StandardCharsets.UTF_8))).isEqualTo(BODY_MD5);
	}

	@Test
	void stringToSignAndSignatureAreTheDocumentedOnes() {
		String stringToSign = PusherRequestAuthenticator.stringToSign("POST", "/apps/3/events", documentedQuery());
		assertThat(stringToSign).isEqualTo("POST\n/apps/3/events\nauth_key=278d425bdf160c739803"
				+ "&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f");
		assertThat(this.signatures.sign(stringToSign)).isEqualTo(SIGNATURE);
	}

	@Test
	void stringToSignLowerCasesAndSortsKeysWithoutEscapingAndUpperCasesTheMethod() {
		// the documented example: auth_key foo and Name "Something else"
		Map<String, String> query = new LinkedHashMap<>();
		query.put("Name", "Something else");
		query.put("auth_key", "foo");
		query.put("auth_signature", "left out");
		assertThat(PusherRequestAuthenticator.stringToSign("get", "/some/resource", query))
			.isEqualTo("GET\n/some/resource\nauth_key=foo&name=Something else");
	}

	@Test
	void documentedRequestIsAcceptedWithinTheTolerance() {
		assertThat(authenticatorAt(TIMESTAMP).verify("POST", "/apps/3/events", signedQuery(), BODY))
			.isEqualTo(Result.OK);
		assertThat(authenticatorAt(TIMESTAMP + 600).verify("POST", "/apps/3/events", signedQuery(), BODY).valid())
			.isTrue();
		assertThat(authenticatorAt(TIMESTAMP - 600).verify("POST", "/apps/3/events", signedQuery(), BODY).valid())
			.isTrue();
	}

	@Test
	void staleTimestampIsRefused() {
		Result late = authenticatorAt(TIMESTAMP + 601).verify("POST", "/apps/3/events", signedQuery(), BODY);
		assertThat(late.valid()).isFalse();
		assertThat(late.reason()).startsWith("Timestamp expired").contains("1353088179", "600s");
		assertThat(authenticatorAt(TIMESTAMP - 601).verify("POST", "/apps/3/events", signedQuery(), BODY).valid())
			.isFalse();
	}

	@Test
	void wrongSignatureIsRefused() {
		Map<String, String> query = signedQuery();
		query.put("auth_signature", SIGNATURE.replace('d', 'e'));
		assertThat(verify(query, BODY)).isEqualTo(Result.refused("Invalid auth_signature"));
		assertThat(authenticatorAt(TIMESTAMP).verify("POST", "/apps/4/events", signedQuery(), BODY))
			.isEqualTo(Result.refused("Invalid auth_signature"));
		assertThat(authenticatorAt(TIMESTAMP).verify("GET", "/apps/3/events", signedQuery(), BODY))
			.isEqualTo(Result.refused("Invalid auth_signature"));
		Map<String, String> extra = signedQuery();
		extra.put("socket_id", "1.1");
		assertThat(verify(extra, BODY)).isEqualTo(Result.refused("Invalid auth_signature"));
		query.remove("auth_signature");
		assertThat(verify(query, BODY)).isEqualTo(Result.refused("Missing auth_signature"));
	}

	@Test
	void tamperedOrUnsignedBodyIsRefused() {
		byte[] other = "{\"name\":\"bar\",\"channels\":[\"project-3\"],\"data\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(verify(signedQuery(), other)).isEqualTo(Result.refused("body_md5 does not match the body"));
		Map<String, String> query = signedQuery();
		query.remove("body_md5");
		assertThat(verify(query, BODY)).isEqualTo(Result.refused("Missing body_md5 for a non-empty body"));
	}

	@Test
	void otherAuthenticationParametersAreChecked() {
		Map<String, String> query = signedQuery();
		query.put("auth_key", "other");
		assertThat(verify(query, BODY)).isEqualTo(Result.refused("Unknown auth_key"));
		query.remove("auth_key");
		assertThat(verify(query, BODY)).isEqualTo(Result.refused("Missing auth_key"));
		query = signedQuery();
		query.put("auth_version", "2.0");
		assertThat(verify(query, BODY)).isEqualTo(Result.refused("auth_version must be 1.0"));
		query = signedQuery();
		query.put("auth_timestamp", "yesterday");
		assertThat(verify(query, BODY)).isEqualTo(Result.refused("auth_timestamp must be a number of seconds"));
		query.remove("auth_timestamp");
		assertThat(verify(query, BODY)).isEqualTo(Result.refused("Missing auth_timestamp"));
		query = signedQuery();
		query.put("AUTH_KEY", "278d425bdf160c739803");
		assertThat(verify(query, BODY).valid()).isFalse();
		assertThat(verify(query, BODY).reason()).contains("given twice");
	}

	@Test
	void signedRequestsWithoutABodyAndWithOtherParametersAreVerified() {
		PusherRequestAuthenticator authenticator = authenticatorAt(TIMESTAMP);
		Map<String, String> parameters = Map.of("filter_by_prefix", "presence-", "info", "user_count");
		Map<String, String> signed = authenticator.sign("GET", "/apps/3/channels", parameters, new byte[0]);
		assertThat(signed).containsKeys("auth_key", "auth_timestamp", "auth_version", "auth_signature")
			.doesNotContainKey("body_md5")
			.containsEntry("auth_timestamp", "1353088179");
		assertThat(authenticator.verify("GET", "/apps/3/channels", signed, new byte[0])).isEqualTo(Result.OK);
		signed.put("info", "subscription_count");
		assertThat(authenticator.verify("GET", "/apps/3/channels", signed, new byte[0]).valid()).isFalse();
	}

	@Test
	void signingTheDocumentedRequestGivesTheDocumentedSignature() {
		Map<String, String> signed = authenticatorAt(TIMESTAMP).sign("POST", "/apps/3/events", Map.of(), BODY);
		assertThat(signed).containsEntry("body_md5", BODY_MD5).containsEntry("auth_signature", SIGNATURE);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> authenticatorAt(TIMESTAMP).sign("POST", "/apps/3/events", Map.of("Body_MD5", "x"), BODY));
	}

	private Result verify(Map<String, String> query, byte[] body) {
		return authenticatorAt(TIMESTAMP).verify("POST", "/apps/3/events", query, body);
	}

	private PusherRequestAuthenticator authenticatorAt(long epochSecond) {
		return new PusherRequestAuthenticator(this.signatures,
				Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
	}

	private static Map<String, String> documentedQuery() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("auth_key", "278d425bdf160c739803");
		query.put("auth_timestamp", "1353088179");
		query.put("auth_version", "1.0");
		query.put("body_md5", BODY_MD5);
		return query;
	}

	private static Map<String, String> signedQuery() {
		Map<String, String> query = documentedQuery();
		query.put("auth_signature", SIGNATURE);
		return query;
	}

}

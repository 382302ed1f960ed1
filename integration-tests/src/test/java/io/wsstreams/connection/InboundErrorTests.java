package io.wsstreams.connection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How client frames are answered: every error code of the protocol, each leaving the
 * connection open; exactly one answer to every frame with a {@code ref}; errors but no
 * replies for frames without one; application pings.
 */
@StreamsServerTest
class InboundErrorTests extends SocketTestSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"type\":", "{\"type\":\"echo\"} trailing", "" })
	void answersInvalidMessageWhenFrameIsNotJson(String text) {
		assertError(client(), text, null, "INVALID_MESSAGE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[{\"type\":\"echo\"}]", "\"echo\"", "42", "null", "true" })
	void answersInvalidMessageWhenFrameIsNotAnObject(String text) {
		assertError(client(), text, null, "INVALID_MESSAGE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"ref\":\"m1\"}", "{\"ref\":\"m1\",\"type\":7}", "{\"ref\":\"m1\",\"type\":null}",
			"{\"ref\":\"m1\",\"type\":{\"name\":\"echo\"}}", "{\"ref\":\"m1\",\"type\":[\"echo\"]}" })
	void answersInvalidMessageWhenTypeIsMissingOrNotAString(String text) {
		assertError(client(), text, "m1", "INVALID_MESSAGE");
	}

	@Test
	void answersInvalidMessageWhenActionOrRefIsMalformed() {
		StreamsTestConnection client = client();
		assertError(client, "{\"type\":\"echo\",\"action\":5,\"ref\":\"a1\"}", "a1", "INVALID_MESSAGE");
		assertError(client, "{\"type\":\"echo\",\"action\":\"\",\"ref\":\"a2\"}", "a2", "INVALID_MESSAGE");
		assertError(client, "{\"type\":\"echo\",\"ref\":5}", null, "INVALID_MESSAGE");
		assertError(client, "{\"type\":\"echo\",\"ref\":\"" + "r".repeat(65) + "\"}", null, "INVALID_MESSAGE");
	}

	@Test
	void answersInvalidMessageForBinaryFrame() {
		StreamsTestConnection client = client();
		client.sendBinary("{\"type\":\"echo\",\"ref\":\"b1\"}".getBytes(StandardCharsets.UTF_8));
		assertErrorFrame(client.next(), null, "INVALID_MESSAGE");
		assertOpen(client);
	}

	@Test
	void answersInvalidMessageWhenJsonIsNestedTooDeep() {
		StreamsTestConnection client = client();
		assertError(client, "{\"type\":\"echo\",\"ref\":\"d1\",\"data\":" + nested(40) + "}", "d1", "INVALID_MESSAGE");
		client.sendText("{\"type\":\"echo\",\"ref\":\"d2\",\"data\":" + nested(30) + "}");
		assertThat(client.next().path("type").asString()).isEqualTo("reply");
	}

	@Test
	void keepsTheRefOfAFrameOverTheJsonLimitsWhenTheRefComesFirst() {
		StreamsTestConnection client = client();
		assertError(client, "{\"type\":\"echo\",\"action\":\"x\",\"ref\":\"deep\",\"data\":" + nested(10_000) + "}",
				"deep", "INVALID_MESSAGE");
		assertError(client, "{\"type\":\"echo\",\"ref\":\"huge\",\"data\":{\"n\":" + "9".repeat(5_000) + "}}", "huge",
				"INVALID_MESSAGE");
		assertError(client, "{\"ref\":\"neg\",\"data\":[-" + "1".repeat(5_000) + ".5],\"type\":\"echo\"}", "neg",
				"INVALID_MESSAGE");
		assertError(client, "{\"ref\":\"broken\",\"type\":\"echo\",\"data\":{\"a\":}", "broken", "INVALID_MESSAGE");
		assertError(client, "{\"type\":\"echo\",\"data\":" + nested(10_000) + ",\"ref\":\"late\"}", null,
				"INVALID_MESSAGE");
		assertError(client, "{\"ref\":" + nested(10_000) + "}", null, "INVALID_MESSAGE");
		assertOpen(client);
	}

	@ParameterizedTest
	@ValueSource(strings = { "notifications", "log", "presence", "nope", "welcome", "reply", "error", "pong", "" })
	void answersUnknownTypeForFeatureNotSelected(String type) {
		assertError(client(), "{\"type\":\"" + type + "\",\"ref\":\"t1\"}", "t1", "UNKNOWN_TYPE");
	}

	@Test
	void answersUnknownActionWhenFeatureHasNoHandler() {
		StreamsTestConnection client = welcomed(connectAs(unique("alice"), "stream=channel:1&clients=echo,notifications"));
		assertError(client, "{\"type\":\"echo\",\"action\":\"nope\",\"ref\":\"u1\"}", "u1", "UNKNOWN_ACTION");
		assertError(client, "{\"type\":\"notifications\",\"ref\":\"u2\"}", "u2", "UNKNOWN_ACTION");
	}

	@Test
	void answersValidationFailedWithFieldDetails() {
		StreamsTestConnection client = client();
		JsonNode blank = error(client, "{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"v1\",\"data\":{\"text\":\" \"}}",
				"v1", "VALIDATION_FAILED");
		assertThat(blank.path("details").findValuesAsString("field")).containsExactly("text");
		assertThat(blank.path("details").get(0).path("message").asString()).isNotBlank();
		assertThat(blank.path("details").get(0).propertyNames()).containsExactly("field", "message");
		JsonNode tooLong = error(client,
				"{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"v2\",\"data\":{\"text\":\"" + "x".repeat(21) + "\"}}",
				"v2", "VALIDATION_FAILED");
		assertThat(tooLong.path("details").findValuesAsString("field")).containsExactly("text");
		JsonNode missing = error(client, "{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"v3\"}", "v3",
				"VALIDATION_FAILED");
		assertThat(missing.path("details").findValuesAsString("field")).containsExactly("data");
		JsonNode wrongType = error(client,
				"{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"v4\",\"data\":{\"text\":{\"nested\":1}}}", "v4",
				"VALIDATION_FAILED");
		assertThat(wrongType.path("details").findValuesAsString("field")).containsExactly("text");
		client.sendText("{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"v5\",\"data\":{\"text\":\"hello\"}}");
		assertThat(client.next("reply").path("ref").asString()).isEqualTo("v5");
	}

	@Test
	void answersForbiddenWhenAuthorizerDeniesAction() {
		StreamsTestConnection denied = client();
		assertError(denied, "{\"type\":\"echo\",\"action\":\"restricted\",\"ref\":\"f1\"}", "f1", "FORBIDDEN");
		StreamsTestConnection admin = welcomed(connectAs(unique("admin"), "stream=channel:1&clients=echo"));
		admin.sendText("{\"type\":\"echo\",\"action\":\"restricted\",\"ref\":\"f2\"}");
		assertThat(admin.next()).isEqualTo(json.readTree("{\"type\":\"reply\",\"ref\":\"f2\",\"data\":\"granted\"}"));
	}

	@Test
	void answersInternalErrorWithoutExceptionText() {
		StreamsTestConnection client = client();
		client.sendText("{\"type\":\"echo\",\"action\":\"boom\",\"ref\":\"i1\"}");
		JsonNode error = client.next();
		assertThat(error).isEqualTo(json.readTree(
				"{\"type\":\"error\",\"ref\":\"i1\",\"code\":\"INTERNAL_ERROR\",\"message\":\"Internal error\"}"));
		assertThat(error.toString()).doesNotContain("secret", "IllegalStateException");
		assertOpen(client);
	}

	@Test
	void answersAppPingWithPongCarryingRef() {
		StreamsTestConnection client = client();
		long before = System.currentTimeMillis();
		client.sendText("{\"type\":\"ping\",\"ref\":\"p\"}");
		JsonNode pong = client.next();
		assertThat(pong.propertyNames()).containsExactly("type", "ref", "ts");
		assertThat(pong.path("type").asString()).isEqualTo("pong");
		assertThat(pong.path("ref").asString()).isEqualTo("p");
		assertThat(pong.path("ts").asLong()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
		client.sendText("{\"type\":\"ping\"}");
		assertThat(client.next().propertyNames()).containsExactly("type", "ts");
	}

	@Test
	void answersEveryFrameWithRefExactlyOnce() {
		StreamsTestConnection client = client();
		Map<String, String> frames = new LinkedHashMap<>();
		frames.put("r1", "{\"type\":\"echo\",\"ref\":\"r1\",\"data\":1}");
		frames.put("r2", "{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"r2\",\"data\":{\"text\":\"hi\"}}");
		frames.put("r3", "{\"type\":\"echo\",\"action\":\"others\",\"ref\":\"r3\",\"data\":1}");
		frames.put("r4", "{\"type\":\"echo\",\"action\":\"whoami\",\"ref\":\"r4\"}");
		frames.put("r5", "{\"type\":\"echo\",\"action\":\"boom\",\"ref\":\"r5\"}");
		frames.put("r6", "{\"type\":\"echo\",\"action\":\"nope\",\"ref\":\"r6\"}");
		frames.put("r7", "{\"type\":\"nope\",\"ref\":\"r7\"}");
		frames.put("r8", "{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"r8\",\"data\":{}}");
		frames.put("r9", "{\"type\":\"echo\",\"action\":\"restricted\",\"ref\":\"r9\"}");
		frames.put("r10", "{\"ref\":\"r10\"}");
		frames.put("r11", "{\"type\":\"ping\",\"ref\":\"r11\"}");
		frames.values().forEach(client::sendText);
		client.sendText("{\"type\":\"ping\",\"ref\":\"end\"}");
		List<String> refs = new ArrayList<>();
		JsonNode frame;
		do {
			frame = client.next();
			if (frame.has("ref")) {
				refs.add(frame.path("ref").asString());
			}
		}
		while (!"end".equals(frame.path("ref").asString()));
		List<String> expected = new ArrayList<>(frames.keySet());
		expected.add("end");
		assertThat(refs).containsExactlyElementsOf(expected);
	}

	@Test
	void sendsErrorsButNoRepliesForFramesWithoutRef() {
		StreamsTestConnection client = client();
		client.sendText("{\"type\":\"echo\",\"data\":1}");
		client.sendText("{\"type\":\"echo\",\"action\":\"whoami\"}");
		client.sendText("{\"type\":\"echo\",\"action\":\"boom\"}");
		client.sendText("{\"type\":\"nope\"}");
		client.sendText("[]");
		client.sendText("{\"type\":\"ping\",\"ref\":\"end\"}");
		List<JsonNode> answers = new ArrayList<>();
		JsonNode frame;
		while (!"pong".equals((frame = client.next()).path("type").asString())) {
			answers.add(frame);
		}
		assertThat(answers).extracting((answer) -> answer.path("type").asString()).containsOnly("error");
		assertThat(answers).extracting((answer) -> answer.path("code").asString())
			.containsExactly("INTERNAL_ERROR", "UNKNOWN_TYPE", "INVALID_MESSAGE");
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.has("ref")).isFalse());
	}

	private StreamsTestConnection client() {
		return join(unique("alice"), "channel:" + unique("errors"), "echo");
	}

	private static void assertError(StreamsTestConnection client, String text, String ref, String code) {
		error(client, text, ref, code);
	}

	/** Sends a frame, checks that its answer is the error, and that the connection is open. */
	private static JsonNode error(StreamsTestConnection client, String text, String ref, String code) {
		client.sendText(text);
		JsonNode error = client.next();
		assertErrorFrame(error, ref, code);
		assertOpen(client);
		return error;
	}

	private static void assertErrorFrame(JsonNode error, String ref, String code) {
		assertThat(error.path("type").asString()).as("answer %s", error).isEqualTo("error");
		assertThat(error.path("code").asString()).as("answer %s", error).isEqualTo(code);
		assertThat(error.path("message").asString()).isNotBlank();
		if (ref != null) {
			assertThat(error.path("ref").asString()).isEqualTo(ref);
		}
		else {
			assertThat(error.has("ref")).as("answer %s has a ref", error).isFalse();
		}
	}

	private static String nested(int depth) {
		return "[".repeat(depth) + "]".repeat(depth);
	}

}

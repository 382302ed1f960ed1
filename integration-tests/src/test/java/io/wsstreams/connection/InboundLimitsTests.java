package io.wsstreams.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.wsstreams.StreamPublisher;
import io.wsstreams.autoconfigure.WsStreamsProperties;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TightLimits;
import io.wsstreams.test.StreamsTestConnection;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inbound limits: the frame size (1009 over it; frames up to it assembled from the
 * container's small buffers), the JSON string length, and the inbound rate
 * ({@code RATE_LIMITED}, frame dropped, connection open). Here: 8 KB frames, 1000
 * characters, 1 frame per second with a burst of 3.
 */
@StreamsServerTest
@TightLimits
class InboundLimitsTests extends SocketTestSupport {

	@Autowired
	ServletContext servletContext;

	@Autowired
	StreamPublisher publisher;

	@Autowired
	WsStreamsProperties properties;

	@Test
	void closesWith1009WhenFrameExceedsMaxFrameSize() {
		StreamsTestConnection client = client();
		client.sendText(frameOfBytes(TightLimits.MAX_FRAME_BYTES + 1, 'x'));
		assertThat(client.awaitClose().code()).isEqualTo(1009);
	}

	@Test
	void dispatchesNothingOfAFrameOverTheLimit() {
		String stream = "channel:" + unique("limits");
		StreamsTestConnection sender = join(unique("mallory"), stream, "echo");
		StreamsTestConnection watcher = join(unique("alice"), stream, "echo");
		String smuggled = "{\"type\":\"echo\",\"action\":\"publish\",\"data\":{\"text\":\"smuggled\"}}";
		// Tomcat hands over parts of its buffer's size; the last part alone is a frame.
		int buffer = containerBufferSize();
		sender.sendText(" ".repeat((TightLimits.MAX_FRAME_BYTES / buffer + 1) * buffer) + smuggled);
		assertThat(sender.awaitClose().code()).isEqualTo(1009);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> watcher.received().size() == 1);
		this.publisher.publish(stream, "echo", "marker", "after");
		assertThat(watcher.next().path("event").asString()).isEqualTo("marker");
	}

	@Test
	void countsFrameSizeInUtf8Bytes() {
		StreamsTestConnection client = client();
		String euros = "€".repeat(TightLimits.MAX_FRAME_BYTES / 3 + 1);
		assertThat(euros.length()).isLessThan(TightLimits.MAX_FRAME_BYTES);
		client.sendText("{\"type\":\"echo\",\"data\":\"" + euros + "\"}");
		assertThat(client.awaitClose().code()).isEqualTo(1009);
	}

	@Test
	void acceptsFrameOfMaxFrameSizeAssembledFromContainerBufferParts() {
		assertThat(containerBufferSize()).isEqualTo(this.properties.getTransport().getMessageBufferSize().toBytes())
			.isLessThan(TightLimits.MAX_FRAME_BYTES);
		StreamsTestConnection client = client();
		String frame = frameOfBytes(TightLimits.MAX_FRAME_BYTES, 'é');
		client.sendText(frame);
		JsonNode reply = client.next();
		assertThat(reply.path("type").asString()).isEqualTo("reply");
		assertThat(reply.path("data").toString()).isEqualTo(dataOf(frame));
		assertOpen(client);
	}

	@Test
	void answersInvalidMessageWhenJsonStringIsTooLong() {
		StreamsTestConnection client = client();
		String tooLong = "s".repeat(TightLimits.MAX_JSON_STRING_LENGTH + 1);
		client.sendText("{\"type\":\"echo\",\"ref\":\"s1\",\"data\":\"" + tooLong + "\"}");
		JsonNode error = client.next();
		assertThat(error.path("code").asString()).isEqualTo("INVALID_MESSAGE");
		assertThat(error.path("ref").asString()).isEqualTo("s1");
		String longest = "s".repeat(TightLimits.MAX_JSON_STRING_LENGTH);
		client.sendText("{\"type\":\"echo\",\"ref\":\"s2\",\"data\":\"" + longest + "\"}");
		assertThat(client.next().path("data").asString()).isEqualTo(longest);
	}

	@Test
	void answersRateLimitedAndDropsFramesOverTheInboundRate() {
		StreamsTestConnection client = client();
		long start = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			client.sendText("{\"type\":\"echo\",\"ref\":\"f" + i + "\",\"data\":" + i + "}");
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		List<String> replied = new ArrayList<>();
		List<String> limited = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			JsonNode answer = client.next();
			String ref = answer.path("ref").asString();
			assertThat(ref).isEqualTo("f" + i);
			if ("reply".equals(answer.path("type").asString())) {
				replied.add(ref);
			}
			else {
				assertThat(answer.path("code").asString()).isEqualTo("RATE_LIMITED");
				limited.add(ref);
			}
		}
		assertThat(replied).startsWith("f0", "f1", "f2").hasSizeLessThanOrEqualTo(3 + (int) Math.ceil(seconds));
		assertThat(limited).isNotEmpty();
		await().untilAsserted(() -> {
			client.sendText("{\"type\":\"echo\",\"ref\":\"again\",\"data\":1}");
			assertThat(client.next().path("type").asString()).isEqualTo("reply");
		});
	}

	@Test
	void countsInvalidAndBinaryFramesAgainstTheRateAndAnswersAFloodAtMostOnceASecond() {
		StreamsTestConnection client = client();
		long start = System.nanoTime();
		int flood = 600;
		for (int i = 0; i < flood; i++) {
			if (i % 4 == 3) {
				client.sendBinary(new byte[] { 1, 2, 3 });
			}
			else {
				client.sendText((i % 2 == 0) ? "not json " + i : "{\"type\":\"echo\",\"data\":" + "[".repeat(50) + "}");
			}
		}
		client.sendText("{\"type\":\"ping\",\"ref\":\"after-flood\"}");
		JsonNode pong = client.next("pong");
		long seconds = (long) Math.ceil((System.nanoTime() - start) / 1e9);
		assertThat(pong.path("ref").asString()).isEqualTo("after-flood");
		List<JsonNode> errors = client.received().stream().filter((frame) -> "error".equals(frame.path("type").asString())).toList();
		long invalid = errors.stream().filter((error) -> "INVALID_MESSAGE".equals(error.path("code").asString())).count();
		long limited = errors.stream().filter((error) -> "RATE_LIMITED".equals(error.path("code").asString())).count();
		// A burst of 3 and 1 a second are let through; the rest gets one notice a second.
		assertThat(invalid).isBetween(1L, 3 + seconds);
		assertThat(limited).isBetween(1L, 1 + seconds);
		assertThat(errors).hasSize((int) (invalid + limited));
		assertThat(errors).allSatisfy((error) -> assertThat(error.has("ref")).isFalse());
		assertOpen(client);
	}

	@Test
	void answersPingsAndFramesWithARefOverTheRate() {
		StreamsTestConnection client = client();
		for (int i = 0; i < 5; i++) {
			client.sendText("not json " + i);
		}
		client.sendText("{\"type\":\"echo\",\"ref\":\"r1\",\"data\":{\"x\":[1,2,3]}}");
		client.sendText("{\"ref\":\"r2\",\"type\":\"echo\",\"data\":");
		client.sendText("{\"type\":\"ping\",\"ref\":\"p1\"}");
		client.sendText("{\"ref\":\"p2\",\"data\":{\"a\":[{}]},\"type\":\"ping\"}");
		JsonNode r1 = client.next((frame) -> "r1".equals(frame.path("ref").asString()));
		assertThat(r1.path("code").asString()).isEqualTo("RATE_LIMITED");
		JsonNode r2 = client.next((frame) -> "r2".equals(frame.path("ref").asString()));
		assertThat(r2.path("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(client.next().path("ref").asString()).isEqualTo("p1");
		JsonNode p2 = client.next();
		assertThat(p2.path("type").asString()).isEqualTo("pong");
		assertThat(p2.path("ref").asString()).isEqualTo("p2");
	}

	private int containerBufferSize() {
		ServerContainer container = (ServerContainer) this.servletContext.getAttribute(ServerContainer.class.getName());
		return container.getDefaultMaxTextMessageBufferSize();
	}

	private StreamsTestConnection client() {
		return join(unique("alice"), "channel:" + unique("limits"), "echo");
	}

	/**
	 * An echo frame of exactly the given UTF-8 size, its data an array of strings of the
	 * fill character, none longer than the JSON string limit.
	 */
	private static String frameOfBytes(int bytes, char fill) {
		String head = "{\"type\":\"echo\",\"ref\":\"big\",\"data\":[";
		String tail = "]}";
		String chunk = "\"" + String.valueOf(fill).repeat(400) + "\",";
		int budget = bytes - size(head) - size(tail);
		int chunks = (budget - 2) / size(chunk);
		String last = "a".repeat(budget - chunks * size(chunk) - 2);
		String frame = head + chunk.repeat(chunks) + "\"" + last + "\"" + tail;
		assertThat(size(frame)).isEqualTo(bytes);
		return frame;
	}

	private static String dataOf(String frame) {
		return frame.substring(frame.indexOf("\"data\":") + 7, frame.length() - 1);
	}

	private static int size(CharSequence text) {
		return text.toString().getBytes(StandardCharsets.UTF_8).length;
	}

}

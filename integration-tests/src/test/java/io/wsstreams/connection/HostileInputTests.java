package io.wsstreams.connection;

import java.util.List;
import java.util.Map;

import io.wsstreams.StreamPublisher;
import io.wsstreams.it.RawWebSocket;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile client or careless application code can send, on Tomcat: text that is
 * not valid Unicode (an unpaired UTF-16 surrogate, which no UTF-8 encoder can write) is
 * refused inbound and escaped outbound, so that one message can never close the
 * connections it reaches; and the {@code permessage-deflate} every browser offers is
 * declined.
 */
@StreamsServerTest
class HostileInputTests extends SocketTestSupport {

	private static final String LONE_HIGH = String.valueOf((char) 0xD800);

	private static final String LONE_LOW = String.valueOf((char) 0xDFFF);

	@Autowired
	StreamPublisher publisher;

	@Test
	void declinesPermessageDeflateThatBrowsersOffer() {
		assertNoExtensionNegotiatedForBrowsers();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"echo\",\"ref\":\"u1\",\"data\":{\"text\":\"\\ud800\"}}",
			"{\"type\":\"echo\",\"ref\":\"u1\",\"data\":{\"text\":\"x\\udfffy\"}}",
			"{\"type\":\"echo\",\"ref\":\"u1\",\"data\":{\"text\":\"\\ud800\\ud800\"}}",
			"{\"type\":\"echo\",\"ref\":\"u1\",\"data\":{\"text\":\"\\udc00\\ud800\"}}",
			"{\"type\":\"echo\",\"ref\":\"u1\",\"data\":{\"\\ud800\":1}}",
			"{\"type\":\"echo\",\"ref\":\"u1\",\"data\":[\"ok\",[\"\\uDBFF\"]]}",
			"{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"u1\",\"data\":{\"text\":\"\\ud83d\"}}",
			"{\"ref\":\"u1\",\"type\":\"echo\\ud800\"}", "{\"type\":\"echo\",\"action\":\"x\\udc00\",\"ref\":\"u1\"}" })
	void answersInvalidMessageWithItsRefForTextThatIsNotValidUnicode(String frame) {
		String stream = "channel:" + unique("unicode");
		StreamsTestConnection client = join(unique("mallory"), stream, "echo");
		StreamsTestConnection watcher = join(unique("alice"), stream, "echo");
		client.sendText(frame);
		JsonNode error = client.next();
		assertThat(error.path("type").asString()).isEqualTo("error");
		assertThat(error.path("code").asString()).isEqualTo("INVALID_MESSAGE");
		assertThat(error.path("ref").asString()).isEqualTo("u1");
		assertOpen(client);
		assertThat(watcher.received()).hasSize(1);
	}

	@Test
	void answersInvalidMessageWithoutRefWhenTheRefIsNotValidUnicode() {
		StreamsTestConnection client = join(unique("mallory"), "channel:1", "echo");
		client.sendText("{\"type\":\"echo\",\"ref\":\"r\\ud800\",\"data\":1}");
		JsonNode error = client.next();
		assertThat(error.path("code").asString()).isEqualTo("INVALID_MESSAGE");
		assertThat(error.has("ref")).isFalse();
		assertOpen(client);
	}

	@Test
	void acceptsSurrogatePairsAndEscapedBackslashes() {
		StreamsTestConnection client = join(unique("alice"), "channel:1", "echo");
		client.sendText("{\"type\":\"echo\",\"ref\":\"p1\",\"data\":{\"text\":\"\\ud83d\\ude00 \\\\ud800 \uD83D\uDE00\"}}");
		JsonNode reply = client.next();
		assertThat(reply.path("type").asString()).isEqualTo("reply");
		assertThat(reply.path("data").path("text").asString()).isEqualTo("\uD83D\uDE00 \\ud800 \uD83D\uDE00");
	}

	@Test
	void refusesAPresenceStatusThatIsNotValidUnicode() {
		String stream = "channel:" + unique("presence");
		StreamsTestConnection client = join(unique("mallory"), stream, "presence");
		client.next("presence");
		StreamsTestConnection watcher = join(unique("alice"), stream, "presence");
		watcher.next("presence");
		client.next("presence");
		client.sendText("{\"type\":\"presence\",\"action\":\"status\",\"ref\":\"s1\",\"data\":{\"status\":\"\\ud800\"}}");
		JsonNode error = client.next();
		assertThat(error.path("code").asString()).isEqualTo("INVALID_MESSAGE");
		assertThat(error.path("ref").asString()).isEqualTo("s1");
		assertOpen(client);
		assertOpen(watcher);
	}

	@Test
	void sendsPubSubTextOfTheApplicationThatIsNotValidUnicodeEscaped() {
		String stream = "channel:" + unique("escape");
		StreamsTestConnection first = join(unique("alice"), stream, "echo");
		StreamsTestConnection second = join(unique("bob"), stream, "echo");
		this.publisher.publish(stream, "echo", "message", Map.of("text", "a" + LONE_HIGH + "b" + LONE_LOW));
		this.publisher.publish(stream, "echo", "message", Map.of("text", "after"));
		for (StreamsTestConnection client : List.of(first, second)) {
			assertThat(client.next().path("data").path("text").asString()).isEqualTo("a" + LONE_HIGH + "b" + LONE_LOW);
			assertThat(client.next().path("data").path("text").asString()).isEqualTo("after");
			assertOpen(client);
		}
	}

	@Test
	void sendsUserTargetedTextThatIsNotValidUnicodeEscaped() {
		String user = unique("alice");
		StreamsTestConnection client = join(user, "channel:" + unique("user"), "echo");
		this.publisher.publishToUser(user, "echo", "note", LONE_LOW);
		assertThat(client.next().path("data").asString()).isEqualTo(LONE_LOW);
		assertOpen(client);
	}

	@Test
	void keepsDeliveringAStreamsTopicThatHoldsTextThatIsNotValidUnicode() {
		String stream = "channel:" + unique("poisoned");
		StreamsTestConnection live = join(unique("alice"), stream, "log");
		assertThat(live.next().path("event").asString()).isEqualTo("synced");
		String poisoned = this.publisher.publish(stream, "log", "message", Map.of("text", LONE_HIGH)).id();
		String next = this.publisher.publish(stream, "log", "message", Map.of("text", "next")).id();
		assertThat(live.next().path("data").path("text").asString()).isEqualTo(LONE_HIGH);
		assertThat(live.next().path("id").asString()).isEqualTo(next);
		assertOpen(live);
		// Every later joiner gets the entry in its history, and stays connected.
		for (int i = 0; i < 3; i++) {
			StreamsTestConnection joiner = join(unique("bob"), stream, "log");
			JsonNode first = joiner.next();
			assertThat(first.path("id").asString()).isEqualTo(poisoned);
			assertThat(first.path("data").path("text").asString()).isEqualTo(LONE_HIGH);
			assertThat(joiner.next().path("id").asString()).isEqualTo(next);
			for (int earlier = 0; earlier < i; earlier++) {
				assertThat(joiner.next().path("data").path("text").asString()).isEqualTo("later " + earlier);
			}
			assertThat(joiner.next().path("event").asString()).isEqualTo("synced");
			String later = this.publisher.publish(stream, "log", "message", Map.of("text", "later " + i)).id();
			assertThat(joiner.next().path("id").asString()).isEqualTo(later);
			assertOpen(joiner);
		}
		// As does a client resuming from before it.
		StreamsTestConnection resumed = connectAs(unique("carol"),
				"stream=" + stream + "&clients=log&since=log:" + poisonedPredecessor(poisoned));
		assertThat(resumed.next().path("type").asString()).isEqualTo("welcome");
		assertThat(resumed.next().path("id").asString()).isEqualTo(poisoned);
		for (int i = 0; i < 3; i++) {
			assertThat(live.next().path("data").path("text").asString()).isEqualTo("later " + i);
		}
		assertOpen(live);
	}

	@ParameterizedTest
	@ValueSource(strings = { "channel:1%zz", "channel:1%", "channel:1%%", "channel:%G0" })
	void closesWith1008WhenTheStreamHasABrokenEscape(String stream) {
		try (RawWebSocket socket = RawWebSocket.open(this.port, "/ws?stream=" + stream + "&clients=echo",
				Map.of(AUTH_TOKEN, signIn(unique("mallory"))))) {
			assertThat(socket.status()).isEqualTo(101);
			RawWebSocket.Frame close = socket.readFrame();
			assertThat(close.opcode()).isEqualTo(8);
			assertThat(((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF)).isEqualTo(1008);
			assertThat(new String(close.payload(), 2, close.payload().length - 2, java.nio.charset.StandardCharsets.UTF_8))
				.isEqualTo("Invalid stream");
		}
	}

	/** An id just before the given one, in Redis Streams form. */
	private static String poisonedPredecessor(String id) {
		int dash = id.indexOf('-');
		long millis = Long.parseLong(id.substring(0, dash));
		long seq = Long.parseLong(id.substring(dash + 1));
		return (seq > 0) ? millis + "-" + (seq - 1) : (millis - 1) + "-0";
	}

}

package io.wsstreams.connection;

import java.util.List;
import java.util.Map;

import io.wsstreams.StreamPublisher;
import io.wsstreams.it.Publications;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TestApplication;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine on Jetty, with the auto-configured endpoint as is: welcome, replies,
 * fan-out, the frame size limit, which Jetty enforces itself, no permessage-deflate, and
 * application text that is not valid Unicode sent escaped.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.autoconfigure.exclude=" + StreamsServerTest.TOMCAT)
class JettyRoundTripTests extends SocketTestSupport {

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	StreamPublisher publisher;

	@Test
	void runsOnJetty() {
		assertThat(this.context.getWebServer()).isInstanceOf(JettyWebServer.class);
	}

	@Test
	void welcomesRepliesAndFansOut() {
		String stream = "channel:" + unique("jetty");
		String alice = unique("alice");
		StreamsTestConnection sender = connectAs(alice, "stream=" + stream + "&clients=echo,notifications");
		JsonNode welcome = sender.next();
		assertThat(welcome.path("type").asString()).isEqualTo("welcome");
		assertThat(welcome.path("data").path("user").path("id").asString()).isEqualTo(alice);
		StreamsTestConnection other = join(unique("bob"), stream, "echo");
		sender.sendText("{\"type\":\"echo\",\"ref\":\"r1\",\"data\":{\"a\":1}}");
		assertThat(sender.next().toString()).isEqualTo("{\"type\":\"reply\",\"ref\":\"r1\",\"data\":{\"a\":1}}");
		sender.sendText("{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"p1\",\"data\":{\"text\":\"hi\"}}");
		Publications.EventAndAnswer published = Publications.nextEventAndAnswer(sender, "echo", "p1");
		assertThat(published.answer().path("type").asString()).isEqualTo("reply");
		for (JsonNode event : List.of(published.event(), other.next())) {
			assertThat(event.path("from").asString()).isEqualTo(alice);
			assertThat(event.path("data").path("text").asString()).isEqualTo("hi");
		}
		this.publisher.publish(stream, "echo", "news", Map.of("n", 1));
		for (StreamsTestConnection client : List.of(sender, other)) {
			assertThat(client.next().path("event").asString()).isEqualTo("news");
		}
		assertOpen(sender);
	}

	@Test
	void writesFramesOfEveryLengthAndCharacterIntact() {
		String stream = "channel:" + unique("jetty");
		FrameLengths.assertDeliveredIntact(this.publisher, stream,
				List.of(join(unique("alice"), stream, "echo"), join(unique("bob"), stream, "echo")));
	}

	@Test
	void acceptsFrameLargerThanOneKilobyte() {
		StreamsTestConnection client = join(unique("alice"), "channel:1", "echo");
		String text = "x".repeat(60_000);
		client.sendText("{\"type\":\"echo\",\"ref\":\"big\",\"data\":\"" + text + "\"}");
		assertThat(client.next().path("data").asString()).isEqualTo(text);
	}

	@Test
	void closesWith1009WhenFrameExceedsMaxFrameSize() {
		StreamsTestConnection client = join(unique("alice"), "channel:1", "echo");
		client.sendText("{\"type\":\"echo\",\"data\":\"" + "x".repeat(64 * 1024) + "\"}");
		assertThat(client.awaitClose().code()).isEqualTo(1009);
	}

	@Test
	void declinesPermessageDeflateThatBrowsersOffer() {
		assertNoExtensionNegotiatedForBrowsers();
	}

	@Test
	void answersTheTokenSubprotocolWithTheMarkerOnly() {
		assertTokenSubprotocolAnsweredWithMarkerOnly();
	}

	@Test
	void sendsApplicationTextThatIsNotValidUnicodeEscaped() {
		String stream = "channel:" + unique("jetty");
		StreamsTestConnection client = join(unique("alice"), stream, "echo");
		String lone = String.valueOf((char) 0xDBFF);
		this.publisher.publish(stream, "echo", "news", Map.of("text", lone));
		assertThat(client.next().path("data").path("text").asString()).isEqualTo(lone);
		assertOpen(client);
	}

}

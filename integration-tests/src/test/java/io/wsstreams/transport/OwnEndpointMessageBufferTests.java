package io.wsstreams.transport;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import io.wsstreams.transport.own.EchoEndpointApplication;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with a {@code TextWebSocketHandler} of its own beside ws-streams, on
 * Tomcat: ws-streams leaves the container's message buffers at Tomcat's default, 8192
 * characters, so the handler takes whole messages as it would without ws-streams, and
 * says so once.
 */
@SpringBootTest(classes = EchoEndpointApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.autoconfigure.exclude=" + StreamsServerTest.JETTY)
@ExtendWith(OutputCaptureExtension.class)
class OwnEndpointMessageBufferTests extends SocketTestSupport {

	static final int TOMCAT_DEFAULT_BUFFER_SIZE = 8192;

	@Autowired
	ServletContext servletContext;

	@Test
	void leavesTheMessageBuffersAtTomcatsDefault() {
		ServerContainer container = (ServerContainer) this.servletContext.getAttribute(ServerContainer.class.getName());
		assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(TOMCAT_DEFAULT_BUFFER_SIZE);
		assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(TOMCAT_DEFAULT_BUFFER_SIZE);
	}

	@Test
	void echoesA10KiBTextMessageIntact() {
		// Tomcat's text buffer counts characters: 5120 two-byte characters are 10 KiB.
		String text = "é".repeat(5120);
		assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(10 * 1024);
		assertEchoed(text);
	}

	@Test
	void echoesAMessageOfTomcatsDefaultBufferSizeIntact() {
		assertEchoed("x".repeat(TOMCAT_DEFAULT_BUFFER_SIZE - "{\"text\":\"\"}".length()));
	}

	@Test
	void servesTheStreamsEndpointBesideIt() {
		assertLargeFrameEchoed("channel:" + unique("own"));
	}


	@Test
	void saysOnceThatItLeavesTheBuffersAndNamesTheProperty(CapturedOutput output) {
		assertThat(output.getAll()).containsOnlyOnce("ws-streams.transport.shrink-message-buffers")
			.contains("Leaving Tomcat's WebSocket message buffers at their default size");
	}

	private void assertEchoed(String text) {
		String message = "{\"text\":\"" + text + "\"}";
		try (StreamsTestConnection client = StreamsTestConnection
			.open(URI.create("ws://localhost:" + this.port + EchoEndpointApplication.PATH))) {
			client.sendText(message);
			assertThat(client.next().path("text").asString()).isEqualTo(text);
		}
	}

}

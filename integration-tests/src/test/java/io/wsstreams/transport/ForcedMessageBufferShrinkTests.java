package io.wsstreams.transport;

import java.net.URI;

import io.wsstreams.autoconfigure.WsStreamsProperties;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.test.StreamsTestConnection;
import io.wsstreams.transport.own.EchoEndpointApplication;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same application with {@code ws-streams.transport.shrink-message-buffers=always}:
 * the message buffers are shrunk for every endpoint, and the application's own handler,
 * which takes whole messages, fails on messages larger than them (1009).
 */
@SpringBootTest(classes = EchoEndpointApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=" + StreamsServerTest.JETTY,
				"ws-streams.transport.shrink-message-buffers=always" })
class ForcedMessageBufferShrinkTests {

	@LocalServerPort
	int port;

	@Autowired
	ServletContext servletContext;

	@Autowired
	WsStreamsProperties properties;

	@Test
	void shrinksTheMessageBuffersForEveryEndpoint() {
		ServerContainer container = (ServerContainer) this.servletContext.getAttribute(ServerContainer.class.getName());
		long size = this.properties.getTransport().getMessageBufferSize().toBytes();
		assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(size);
		assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(size);
	}

	@Test
	void theApplicationsWholeMessageHandlerThenFailsOnLargerMessages() {
		try (StreamsTestConnection client = StreamsTestConnection
			.open(URI.create("ws://localhost:" + this.port + EchoEndpointApplication.PATH))) {
			client.sendText("{\"text\":\"" + "x".repeat(1024) + "\"}");
			assertThat(client.awaitClose().code()).isEqualTo(1009);
		}
	}

}

package io.wsstreams.transport;

import io.wsstreams.autoconfigure.WsStreamsProperties;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.transport.only.StreamsOnlyApplication;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose only WebSocket endpoint is ws-streams', on Tomcat: the container's
 * message buffers are shrunk, and frames larger than them still arrive whole.
 */
@SpringBootTest(classes = StreamsOnlyApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.autoconfigure.exclude=" + StreamsServerTest.JETTY)
@ExtendWith(OutputCaptureExtension.class)
class StreamsOnlyMessageBufferTests extends SocketTestSupport {

	@Autowired
	ServletContext servletContext;

	@Autowired
	WsStreamsProperties properties;

	@Test
	void shrinksTheMessageBuffers() {
		ServerContainer container = (ServerContainer) this.servletContext.getAttribute(ServerContainer.class.getName());
		long size = this.properties.getTransport().getMessageBufferSize().toBytes();
		assertThat(size).isEqualTo(256);
		assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(size);
		assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(size);
	}

	@Test
	void assemblesFramesLargerThanTheMessageBuffers() {
		assertLargeFrameEchoed("channel:" + unique("only"));
	}


	@Test
	void saysNothingAboutTheBuffers(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain("ws-streams.transport.shrink-message-buffers");
	}

}

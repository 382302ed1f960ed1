package io.wsstreams.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.wsstreams.it.RawWebSocket;
import io.wsstreams.it.SocketTestSupport;
import io.wsstreams.it.StreamsServerTest;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On Tomcat, a ws-streams connection keeps socket buffers of
 * {@code ws-streams.transport.tomcat-upgraded-socket-buffer-size} (1 KiB by default) once
 * upgraded, while an HTTP connection keeps the connector's 8 KiB; frames larger than the
 * buffers still go both ways intact.
 */
@StreamsServerTest
class UpgradedSocketBuffersTests extends SocketTestSupport {

	private static final int SHRUNK = 1024;

	private static final int CONNECTOR_DEFAULT = 8192;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void upgradedConnectionKeepsSmallBuffersWhileHttpKeepsTheConnectorsOwn() throws IOException {
		try (Socket http = new Socket(InetAddress.getLoopbackAddress(), this.port);
				RawWebSocket socket = RawWebSocket.open(this.port, "/ws?stream=channel:1&clients=echo",
						Map.of(AUTH_TOKEN, signIn(unique("alice"))))) {
			assertThat(socket.status()).isEqualTo(101);
			assertThat(socket.readFrame().text()).startsWith("{\"type\":\"welcome\"");
			requestKeepingTheConnection(http);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(buffersOf(socket.localPort())).as("WebSocket connection's read and write buffers")
					.containsExactly(SHRUNK, SHRUNK);
				assertThat(buffersOf(http.getLocalPort())).as("HTTP connection's read and write buffers")
					.containsExactly(CONNECTOR_DEFAULT, CONNECTOR_DEFAULT);
			});
			String text = "ж".repeat(20_000);
			socket.sendText("{\"type\":\"echo\",\"ref\":\"big\",\"data\":\"" + text + "\"}");
			JsonNode reply = JsonMapper.shared().readTree(socket.readFrame().text());
			assertThat(reply.path("ref").asString()).isEqualTo("big");
			assertThat(reply.path("data").asString()).isEqualTo(text);
		}
	}

	/** Sends a request and reads the response's head, leaving the connection open. */
	private static void requestKeepingTheConnection(Socket http) throws IOException {
		OutputStream out = http.getOutputStream();
		out.write("GET /no-such-page HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = http.getInputStream();
		StringBuilder head = new StringBuilder();
		while (head.indexOf("\r\n\r\n") < 0) {
			int next = in.read();
			assertThat(next).as("response head").isNotNegative();
			head.append((char) next);
		}
		assertThat(head.toString()).startsWith("HTTP/1.1 ");
	}

	/** The capacities of the read and write buffers of the server's side of a socket. */
	private int[] buffersOf(int clientPort) {
		for (SocketWrapperBase<?> connection : connections()) {
			if (connection.getRemotePort() == clientPort) {
				SocketBufferHandler buffers = connection.getSocketBufferHandler();
				return new int[] { buffers.getReadBuffer().capacity(), buffers.getWriteBuffer().capacity() };
			}
		}
		return new int[0];
	}

	private Set<? extends SocketWrapperBase<?>> connections() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
		AbstractEndpoint<?, ?> endpoint = ReflectionTestUtils.invokeMethod(protocol, "getEndpoint");
		assertThat(endpoint).isNotNull();
		return endpoint.getConnections();
	}

}

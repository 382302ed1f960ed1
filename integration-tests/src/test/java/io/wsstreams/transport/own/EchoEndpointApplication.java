package io.wsstreams.transport.own;

import java.io.IOException;

import io.wsstreams.StreamAction;
import io.wsstreams.StreamFeature;
import io.wsstreams.it.StreamsServerTest;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * An application with a WebSocket endpoint of its own beside ws-streams: a
 * {@link TextWebSocketHandler}, which takes whole messages, at {@value #PATH}, echoing
 * every text message.
 */
@SpringBootApplication(excludeName = StreamsServerTest.JDBC_SESSIONS)
@EnableWebSocket
public class EchoEndpointApplication implements WebSocketConfigurer {

	/** The path of the application's own endpoint. */
	public static final String PATH = "/echo";

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		// Spring's default handshake handler would pick Jetty's upgrade strategy, which
		// fails on Tomcat, because Jetty is on this module's classpath too.
		registry.addHandler(new EchoHandler(), PATH)
			.setHandshakeHandler(new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy()));
	}

	static final class EchoHandler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			session.sendMessage(message);
		}

	}

	/** A ws-streams feature that answers every frame with its data. */
	@StreamFeature(name = "echo")
	static class EchoFeature {

		@StreamAction
		JsonNode message(JsonNode data) {
			return data;
		}

	}

}

package io.wsstreams.peers.handler;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstreams.bench.BenchTarget;
import io.wsstreams.bench.ContainerHandshake;
import io.wsstreams.bench.Payload;
import io.wsstreams.bench.PeerApplication;
import jakarta.servlet.ServletContext;

import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A peer of the benchmarks: the WebSocket handler an application would write by hand with
 * Spring, keeping its sessions wrapped in a {@link ConcurrentWebSocketSessionDecorator}
 * and sending one {@link TextMessage} to every session of a topic. A connection to
 * {@code /ws?topics=a,b} is on topics {@code a} and {@code b} ({@code bench:1} without
 * the parameter).
 */
@PeerApplication
@EnableWebSocket
public class HandlerPeer implements WebSocketConfigurer {

	private final ServletContext servletContext;

	HandlerPeer(ServletContext servletContext) {
		this.servletContext = servletContext;
	}

	public static void main(String[] args) {
		SpringApplication.run(HandlerPeer.class, args);
	}

	@Bean
	BroadcastHandler broadcastHandler() {
		return new BroadcastHandler();
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(broadcastHandler(), "/ws").setHandshakeHandler(ContainerHandshake.handler(this.servletContext));
	}

	/** Keeps the sessions by topic and sends to them. */
	static class BroadcastHandler extends TextWebSocketHandler implements BenchTarget {

		private static final String TOPICS = "bench.topics";

		private final Map<String, Set<WebSocketSession>> topics = new ConcurrentHashMap<>();

		private final AtomicInteger connections = new AtomicInteger();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			WebSocketSession decorated = new ConcurrentWebSocketSessionDecorator(session, 10_000, 512 * 1024);
			List<String> names = topics(session.getUri());
			session.getAttributes().put(TOPICS, names);
			for (String name : names) {
				this.topics.computeIfAbsent(name, (key) -> ConcurrentHashMap.newKeySet()).add(decorated);
			}
			this.connections.incrementAndGet();
		}

		@Override
		@SuppressWarnings("unchecked")
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			List<String> names = (List<String>) session.getAttributes().get(TOPICS);
			if (names == null) {
				return;
			}
			for (String name : names) {
				Set<WebSocketSession> sessions = this.topics.get(name);
				if (sessions != null) {
					sessions.removeIf((each) -> each.getId().equals(session.getId()));
				}
			}
			this.connections.decrementAndGet();
		}

		@Override
		public void publish(String stream, Payload payload) {
			Set<WebSocketSession> sessions = this.topics.get(stream);
			if (sessions == null) {
				return;
			}
			TextMessage message = new TextMessage(payload.frame(stream));
			for (WebSocketSession session : sessions) {
				try {
					session.sendMessage(message);
				}
				catch (IOException | RuntimeException ex) {
					// Closed, or over the decorator's limits: the session is gone.
				}
			}
		}

		@Override
		public int connections() {
			return this.connections.get();
		}

		private static List<String> topics(URI uri) {
			String topics = (uri != null) ? UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("topics")
					: null;
			return (topics != null) ? List.of(topics.split(",")) : List.of("bench:1");
		}

	}

}

package io.wsstreams.peers.stomp;

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
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;

/**
 * A peer of the benchmarks: Spring's STOMP over WebSocket with its simple broker, at
 * {@code /ws} without SockJS. Clients subscribe to {@code /topic/<stream>}, with the
 * stream's {@code :} written {@code .}; each {@code SUBSCRIBE} says in the header
 * {@code total} how many the connection sends, so that the server can count the
 * connections that are ready.
 */
@PeerApplication
@EnableWebSocketMessageBroker
public class StompPeer implements WebSocketMessageBrokerConfigurer {

	private final ServletContext servletContext;

	StompPeer(ServletContext servletContext) {
		this.servletContext = servletContext;
	}

	public static void main(String[] args) {
		SpringApplication.run(StompPeer.class, args);
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws").setHandshakeHandler(ContainerHandshake.handler(this.servletContext));
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.enableSimpleBroker("/topic");
	}

	/** Publishes through the messaging template and counts the ready connections. */
	@Component
	static class StompTarget implements BenchTarget {

		private final SimpMessagingTemplate template;

		private final Map<String, AtomicInteger> subscriptions = new ConcurrentHashMap<>();

		private final Set<String> ready = ConcurrentHashMap.newKeySet();

		StompTarget(SimpMessagingTemplate template) {
			this.template = template;
		}

		@Override
		public void publish(String stream, Payload payload) {
			this.template.convertAndSend("/topic/" + stream.replace(':', '.'), payload.frame(stream));
		}

		@Override
		public int connections() {
			return this.ready.size();
		}

		@EventListener
		void subscribed(SessionSubscribeEvent event) {
			StompHeaderAccessor headers = StompHeaderAccessor.wrap(event.getMessage());
			String total = headers.getFirstNativeHeader("total");
			String session = headers.getSessionId();
			int count = this.subscriptions.computeIfAbsent(session, (key) -> new AtomicInteger()).incrementAndGet();
			if (total != null && count == Integer.parseInt(total)) {
				this.ready.add(session);
			}
		}

		@EventListener
		void disconnected(SessionDisconnectEvent event) {
			this.subscriptions.remove(event.getSessionId());
			this.ready.remove(event.getSessionId());
		}

	}

}

package io.wsstreams.pusher.server;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Keeps what {@link PusherWebSocketHandler} checks of a handshake's headers, the
 * {@code Origin} and the {@code Host}, in the session's attributes: sessions keep no
 * copy of the headers. Refuses no handshake: Pusher's clients learn of errors from a
 * {@code pusher:error} and a close code, after the upgrade.
 */
public final class PusherHandshakeInterceptor implements HandshakeInterceptor {

	/** The attribute of the {@code Origin} values, a list of strings. */
	static final String ORIGINS = PusherHandshakeInterceptor.class.getName() + ".origins";

	/** The attribute of the {@code Host}, a string. */
	static final String HOST = PusherHandshakeInterceptor.class.getName() + ".host";

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		HttpHeaders headers = request.getHeaders();
		List<String> origins = headers.getOrEmpty(HttpHeaders.ORIGIN);
		if (!origins.isEmpty()) {
			attributes.put(ORIGINS, List.copyOf(origins));
		}
		String host = headers.getFirst(HttpHeaders.HOST);
		if (host != null) {
			attributes.put(HOST, host);
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}

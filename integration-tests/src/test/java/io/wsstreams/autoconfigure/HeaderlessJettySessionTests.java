package io.wsstreams.autoconfigure;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.autoconfigure.ContainerUpgradeStrategy.HeaderlessJettySession;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.UpgradeRequest;
import org.eclipse.jetty.websocket.api.UpgradeResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session ws-streams gives Jetty connections keeps what Spring's keeps of the
 * handshake, the URI, the accepted subprotocol and the extensions, but not the headers.
 */
class HeaderlessJettySessionTests {

	@Test
	void keepsTheUriAndProtocolButNoCopyOfTheHeaders() {
		URI uri = URI.create("ws://localhost/ws?stream=channel:1&clients=chat");
		Map<String, Object> request = new HashMap<>();
		request.put("getRequestURI", uri);
		request.put("getHeaders", Map.of("Cookie", List.of("SESSION=abc"), "User-Agent", List.of("Mozilla/5.0")));
		request.put("getUserPrincipal", null);
		Map<String, Object> response = new HashMap<>();
		response.put("getAcceptedSubProtocol", "ws-streams");
		response.put("getExtensions", List.of());
		Session jetty = answering(Session.class, Map.of("getUpgradeRequest", answering(UpgradeRequest.class, request),
				"getUpgradeResponse", answering(UpgradeResponse.class, response)));
		HeaderlessJettySession session = new HeaderlessJettySession(new HashMap<>(), null);
		session.initializeNativeSession(jetty);
		assertThat(session.getHandshakeHeaders().headerNames()).isEmpty();
		assertThat(session.getUri()).isEqualTo(uri);
		assertThat(session.getAcceptedProtocol()).isEqualTo("ws-streams");
		assertThat(session.getExtensions()).isEmpty();
	}

	/** A stand-in for a Jetty interface that answers the named methods only. */
	private static <T> T answering(Class<T> type, Map<String, Object> answers) {
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
			if (!answers.containsKey(method.getName())) {
				throw new UnsupportedOperationException(method.getName());
			}
			return answers.get(method.getName());
		}));
	}

}

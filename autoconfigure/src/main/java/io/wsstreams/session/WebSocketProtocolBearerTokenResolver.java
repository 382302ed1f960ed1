package io.wsstreams.session;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds a bearer token where a browser can put it in a WebSocket handshake: in
 * {@code Sec-WebSocket-Protocol}, next to the marker {@code ws-streams}
 * ({@code new WebSocket(url, ["ws-streams", token])}), since browsers cannot set the
 * {@code Authorization} header of a handshake. Every other request, and a handshake with an
 * {@code Authorization} header, is resolved by the delegate (Spring Security's default
 * unless given). The server echoes only the marker.
 */
public final class WebSocketProtocolBearerTokenResolver implements BearerTokenResolver {

	/** The subprotocol that marks a ws-streams handshake. */
	public static final String MARKER = "ws-streams";

	private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";

	private final BearerTokenResolver delegate;

	/**
	 * A resolver that falls back to Spring Security's {@link DefaultBearerTokenResolver}.
	 */
	public WebSocketProtocolBearerTokenResolver() {
		this(new DefaultBearerTokenResolver());
	}

	/**
	 * A resolver that falls back to another.
	 * @param delegate the resolver for every request that carries no token beside the marker
	 */
	public WebSocketProtocolBearerTokenResolver(BearerTokenResolver delegate) {
		this.delegate = delegate;
	}

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
			String token = fromProtocols(request);
			if (token != null) {
				return token;
			}
		}
		return this.delegate.resolve(request);
	}

	private static @Nullable String fromProtocols(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(PROTOCOL_HEADER);
		if (headers == null) {
			return null;
		}
		boolean marked = false;
		String token = null;
		while (headers.hasMoreElements()) {
			for (String protocol : headers.nextElement().split(",")) {
				String value = protocol.trim();
				if (MARKER.equals(value)) {
					marked = true;
				}
				else if (!value.isEmpty() && token == null) {
					token = value;
				}
			}
		}
		return marked ? token : null;
	}

}

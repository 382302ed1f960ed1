package io.wsstreams.autoconfigure;

import java.util.List;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The handshake handler of the endpoint: upgrades through the running container and
 * negotiates no extensions.
 *
 * <p>Browsers offer {@code permessage-deflate}; accepting it would compress every frame
 * once per subscriber (the opposite of encoding a publication once for all) and give
 * every connection its own compression buffers and native zlib state. Frames are small
 * JSON, so ws-streams declines it.
 *
 * <p>The only subprotocol it accepts is the marker {@value #PROTOCOL}. A browser cannot
 * set headers on a WebSocket handshake, so a page that holds a bearer token offers
 * {@code Sec-WebSocket-Protocol: ws-streams, <token>}; the response names the marker
 * alone, never the token (a browser that offered protocols fails a connection whose
 * response names none). A handshake that offers no protocol gets none back.
 */
final class StreamsHandshakeHandler extends DefaultHandshakeHandler {

	/** The subprotocol that marks a ws-streams client, and the only one accepted. */
	static final String PROTOCOL = "ws-streams";

	StreamsHandshakeHandler() {
		super(new ContainerUpgradeStrategy());
		setSupportedProtocols(PROTOCOL);
	}

	@Override
	protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
			List<WebSocketExtension> requestedExtensions, List<WebSocketExtension> supportedExtensions) {
		return List.of();
	}

}

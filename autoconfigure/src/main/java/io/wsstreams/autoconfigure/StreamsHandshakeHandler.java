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
 */
final class StreamsHandshakeHandler extends DefaultHandshakeHandler {

	StreamsHandshakeHandler() {
		super(new ContainerUpgradeStrategy());
	}

	@Override
	protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
			List<WebSocketExtension> requestedExtensions, List<WebSocketExtension> supportedExtensions) {
		return List.of();
	}

}

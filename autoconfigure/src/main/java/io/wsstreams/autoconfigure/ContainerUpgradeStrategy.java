package io.wsstreams.autoconfigure;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.jetty.JettyRequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * Upgrades through the WebSocket container of the server that actually runs.
 *
 * <p>Spring's default handshake handler picks a strategy by what is on the classpath and
 * prefers Jetty's whenever Jetty is present, which fails on Tomcat when both are on the
 * classpath (as in applications that switch servers by profile). This strategy asks the
 * request's servlet context instead: Jetty's native container when Jetty registered one,
 * the Jakarta WebSocket container otherwise.
 */
final class ContainerUpgradeStrategy implements RequestUpgradeStrategy {

	private static final boolean JETTY_PRESENT = ClassUtils.isPresent(
			"org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer",
			ContainerUpgradeStrategy.class.getClassLoader());

	private final RequestUpgradeStrategy standard = new StandardWebSocketUpgradeStrategy();

	private final @Nullable RequestUpgradeStrategy jetty = JETTY_PRESENT ? new JettyRequestUpgradeStrategy() : null;

	@Override
	public String[] getSupportedVersions() {
		return this.standard.getSupportedVersions();
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return delegate(request).getSupportedExtensions(request);
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		ServerHttpRequest upgraded = (request instanceof ServletServerHttpRequest servletRequest)
				? new HeaderlessRequest(servletRequest.getServletRequest()) : request;
		delegate(request).upgrade(upgraded, response, selectedProtocol, selectedExtensions, user, wsHandler,
				attributes);
	}

	private RequestUpgradeStrategy delegate(ServerHttpRequest request) {
		if (this.jetty != null && request instanceof ServletServerHttpRequest servletRequest
				&& JettyContainer.isPresent(servletRequest.getServletRequest().getServletContext())) {
			return this.jetty;
		}
		return this.standard;
	}

	/**
	 * The handshake request as the WebSocket session sees it: without its headers. The
	 * handshake is checked by then, and a session would otherwise keep a copy of every
	 * request header (cookies included) for its whole life.
	 */
	private static final class HeaderlessRequest extends ServletServerHttpRequest {

		HeaderlessRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public HttpHeaders getHeaders() {
			return HttpHeaders.EMPTY;
		}

	}

	private static final class JettyContainer {

		static boolean isPresent(ServletContext servletContext) {
			return org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer
				.getContainer(servletContext) != null;
		}

	}

}

package io.wsstreams.autoconfigure;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.ServerEndpointRegistration;

/**
 * Upgrades through the WebSocket container of the server that actually runs, negotiates
 * no extension, and keeps nothing of the handshake request that the connection does not
 * need.
 *
 * <p>Spring's {@code DefaultHandshakeHandler}, given no strategy, still picks one by what
 * is on the classpath (Spring Framework 7.0): Spring's Jetty strategy whenever Jetty's
 * {@code JettyWebSocketServerContainer} class is present, the Jakarta WebSocket one
 * otherwise. On Tomcat with Jetty on the classpath too (as in applications that switch
 * servers by profile), the Jetty strategy finds no Jetty container in the servlet context
 * and every handshake fails with HTTP 500. This strategy asks the request's servlet
 * context instead: Jetty's native container when Jetty registered one, the Jakarta
 * WebSocket container otherwise. On Jetty the connection is thus a native Jetty session,
 * which ws-streams writes to with Jetty's callback-based sends.
 *
 * <p>Neither of Spring's strategies declines an extension that the container negotiates
 * by itself. Every browser offers {@code permessage-deflate}, and both containers accept
 * it unless told otherwise: Tomcat reads an empty extension list as "use the installed
 * ones", Jetty negotiates its own. A compressed connection keeps a deflater and an
 * inflater with their windows for its whole life, about 100 KiB of native memory per idle
 * connection, so this strategy declines every extension on both containers: the response
 * carries no {@code Sec-WebSocket-Extensions}.
 *
 * <p>On Tomcat, Spring's Jakarta strategy also gives the session a copy of the
 * handshake's headers, cookies included, and hands Tomcat the request as it is. This
 * strategy gives the session no headers, and hands Tomcat the request without its
 * parameters (see {@code NoParametersRequest}). On Jetty, Spring's session copies the
 * headers itself as the socket opens; this strategy's drops the copy
 * (see {@code HeaderlessJettySession}).
 */
final class ContainerUpgradeStrategy implements RequestUpgradeStrategy {

	static final String JETTY_CONTAINER = "org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer";

	/** Spring's Jetty session, whose copy of the handshake's headers is dropped. */
	static final String JETTY_SESSION = "org.springframework.web.socket.adapter.jetty.JettyWebSocketSession";

	/** The field of {@link #JETTY_SESSION} that holds that copy. */
	static final String HEADERS_FIELD = "headers";

	private static final boolean JETTY_PRESENT = ClassUtils.isPresent(JETTY_CONTAINER,
			ContainerUpgradeStrategy.class.getClassLoader());

	private static final String[] VERSIONS = { "13" };

	@Override
	public String[] getSupportedVersions() {
		return VERSIONS;
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return List.of();
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		if (!(request instanceof ServletServerHttpRequest servletRequest)
				|| !(response instanceof ServletServerHttpResponse servletResponse)) {
			throw new HandshakeFailureException("ws-streams runs on a servlet container, not on " + request);
		}
		HttpServletRequest httpRequest = servletRequest.getServletRequest();
		HttpServletResponse httpResponse = servletResponse.getServletResponse();
		try {
			if (JETTY_PRESENT && JettyContainer.isPresent(httpRequest.getServletContext())) {
				JettyContainer.upgrade(httpRequest, httpResponse, selectedProtocol, user, wsHandler, attributes);
			}
			else {
				upgradeStandard(servletRequest, httpResponse, selectedProtocol, user, wsHandler, attributes);
			}
		}
		catch (HandshakeFailureException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new HandshakeFailureException("Servlet request failed to upgrade to WebSocket: "
					+ httpRequest.getRequestURI(), ex);
		}
	}

	private static void upgradeStandard(ServletServerHttpRequest request, HttpServletResponse response,
			@Nullable String selectedProtocol, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		HttpServletRequest httpRequest = request.getServletRequest();
		ServerContainer container = (ServerContainer) httpRequest.getServletContext()
			.getAttribute(ServerContainer.class.getName());
		if (container == null) {
			throw new HandshakeFailureException("No jakarta.websocket.server.ServerContainer in the servlet context");
		}
		// The session keeps no copy of the handshake's headers: they are checked by now,
		// and a copy (cookies included) would live as long as the socket.
		StandardWebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), attributes,
				address(request, true), address(request, false), user);
		StandardWebSocketHandlerAdapter endpoint = new StandardWebSocketHandlerAdapter(wsHandler, session);
		ServerEndpointRegistration config = new NoExtensionsRegistration(httpRequest.getRequestURI(), endpoint);
		config.setSubprotocols(Collections.singletonList(selectedProtocol));
		config.setExtensions(List.of());
		container.upgradeHttpToWebSocket(new NoParametersRequest(httpRequest), response, config, Map.of());
	}

	private static @Nullable InetSocketAddress address(ServerHttpRequest request, boolean local) {
		try {
			return local ? request.getLocalAddress() : request.getRemoteAddress();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The handshake request without servlet parameters. ws-streams reads its parameters
	 * from the request URI, leniently, and refuses bad ones after the upgrade with the
	 * protocol's close codes; Tomcat would otherwise decode them strictly (a query that is
	 * not UTF-8 fails the handshake with a 500 and an error log) and keep a map of them
	 * for the socket's whole life. A {@code %} that starts no escape is written as
	 * {@code %25}, so that Tomcat can build the session's URI and the stream name is
	 * refused as malformed instead of the handshake failing.
	 */
	private static final class NoParametersRequest extends HttpServletRequestWrapper {

		NoParametersRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Map.of();
		}

		@Override
		public @Nullable String getQueryString() {
			String query = super.getQueryString();
			return (query != null && query.indexOf('%') >= 0) ? escapeStrayPercents(query) : query;
		}

		static String escapeStrayPercents(String query) {
			StringBuilder out = null;
			int length = query.length();
			for (int i = 0; i < length; i++) {
				char c = query.charAt(i);
				boolean stray = c == '%' && (i + 2 >= length || !HexFormat.isHexDigit(query.charAt(i + 1))
						|| !HexFormat.isHexDigit(query.charAt(i + 2)));
				if (stray && out == null) {
					out = new StringBuilder(length + 8).append(query, 0, i);
				}
				if (out != null) {
					out.append(stray ? "%25" : String.valueOf(c));
				}
			}
			return (out != null) ? out.toString() : query;
		}

	}

	/**
	 * An endpoint registration that negotiates no extension, whatever the container has
	 * installed.
	 */
	private static final class NoExtensionsRegistration extends ServerEndpointRegistration {

		NoExtensionsRegistration(String path, StandardWebSocketHandlerAdapter endpoint) {
			super(path, endpoint);
		}

		@Override
		public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
			return List.of();
		}

	}

	private static final class JettyContainer {

		static boolean isPresent(ServletContext servletContext) {
			return org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer
				.getContainer(servletContext) != null;
		}

		static void upgrade(HttpServletRequest request, HttpServletResponse response, @Nullable String protocol,
				@Nullable Principal user, WebSocketHandler wsHandler, Map<String, Object> attributes)
				throws Exception {
			JettyWebSocketSession session = new HeaderlessJettySession(attributes, user);
			JettyWebSocketHandlerAdapter adapter = new JettyWebSocketHandlerAdapter(wsHandler, session);
			org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer container = org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer
				.getContainer(request.getServletContext());
			container.upgrade((upgradeRequest, upgradeResponse) -> {
				if (protocol != null) {
					upgradeResponse.setAcceptedSubProtocol(protocol);
				}
				upgradeResponse.setExtensions(List.of());
				return adapter;
			}, request, response);
		}

	}

	/**
	 * Spring's Jetty session without its copy of the handshake's headers, which it makes
	 * as the socket opens and keeps for the socket's whole life: with a browser's cookies
	 * and usual headers, a few kilobytes per idle connection that ws-streams never reads,
	 * as the session ws-streams gives Tomcat carries no headers either.
	 */
	static final class HeaderlessJettySession extends JettyWebSocketSession {

		private static final HttpHeaders NO_HEADERS = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders());

		private static final @Nullable Field HEADERS = headersField();

		HeaderlessJettySession(Map<String, Object> attributes, @Nullable Principal user) {
			super(attributes, user);
		}

		@Override
		public void initializeNativeSession(org.eclipse.jetty.websocket.api.Session session) {
			super.initializeNativeSession(session);
			Field headers = HEADERS;
			if (headers != null) {
				ReflectionUtils.setField(headers, this, NO_HEADERS);
			}
		}

		private static @Nullable Field headersField() {
			try {
				Field field = JettyWebSocketSession.class.getDeclaredField(HEADERS_FIELD);
				if (field.getType() != HttpHeaders.class) {
					return null;
				}
				ReflectionUtils.makeAccessible(field);
				return field;
			}
			catch (NoSuchFieldException | LinkageError | RuntimeException ex) {
				return null;
			}
		}

	}

}

package io.wsstreams.bench;

import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.ServletContext;

import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.jetty.JettyRequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The handshake handler that Spring would pick if the running container were the only one
 * on the class path, as in an application: this jar holds Tomcat and Jetty, and Spring
 * picks its Jetty strategy whenever Jetty's classes are present, which fails on Tomcat.
 * On Jetty, idle connections stay open for 10 minutes instead of Jetty's 30 seconds, so
 * that the idle measurements can hold them.
 */
public final class ContainerHandshake {

	private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

	private ContainerHandshake() {
	}

	/**
	 * Spring's handshake handler with the upgrade strategy of the running container.
	 * @param servletContext the application's servlet context
	 * @return the handshake handler
	 */
	public static DefaultHandshakeHandler handler(ServletContext servletContext) {
		boolean jetty = servletContext.getServerInfo().toLowerCase(Locale.ROOT).contains("jetty");
		RequestUpgradeStrategy strategy = new StandardWebSocketUpgradeStrategy();
		if (jetty) {
			JettyRequestUpgradeStrategy jettyStrategy = new JettyRequestUpgradeStrategy();
			// Jetty closes a WebSocket idle for 30 s; Tomcat keeps it, and ws-streams pings it.
			jettyStrategy.addWebSocketConfigurer((configurable) -> configurable.setIdleTimeout(IDLE_TIMEOUT));
			strategy = jettyStrategy;
		}
		return new DefaultHandshakeHandler(strategy);
	}

}

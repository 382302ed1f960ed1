package io.wsstreams.bench;

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
 */
public final class ContainerHandshake {

	private ContainerHandshake() {
	}

	/**
	 * Spring's handshake handler with the upgrade strategy of the running container.
	 * @param servletContext the application's servlet context
	 * @return the handshake handler
	 */
	public static DefaultHandshakeHandler handler(ServletContext servletContext) {
		boolean jetty = servletContext.getServerInfo().toLowerCase(Locale.ROOT).contains("jetty");
		RequestUpgradeStrategy strategy = jetty ? new JettyRequestUpgradeStrategy()
				: new StandardWebSocketUpgradeStrategy();
		return new DefaultHandshakeHandler(strategy);
	}

}

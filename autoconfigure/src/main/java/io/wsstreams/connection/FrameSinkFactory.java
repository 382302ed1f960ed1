package io.wsstreams.connection;

import java.time.Duration;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.WebSocketSession;

/**
 * Chooses the {@link FrameSink} for the container a session runs on: on Tomcat, the
 * {@link TomcatFrameSink} that writes the socket itself wherever Tomcat's internals are
 * where it looks for them, and {@link StandardFrameSink} otherwise.
 */
final class FrameSinkFactory {

	static final String JAKARTA_SESSION = "jakarta.websocket.Session";

	static final String JETTY_SESSION = "org.eclipse.jetty.websocket.api.Session";

	static final String TOMCAT_REMOTE_ENDPOINT = "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer";

	private static final boolean JAKARTA_PRESENT = ClassUtils.isPresent(JAKARTA_SESSION,
			FrameSinkFactory.class.getClassLoader());

	private static final boolean JETTY_PRESENT = ClassUtils.isPresent(JETTY_SESSION,
			FrameSinkFactory.class.getClassLoader());

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(TOMCAT_REMOTE_ENDPOINT,
			FrameSinkFactory.class.getClassLoader());

	private final ConnectionSettings settings;

	FrameSinkFactory(ConnectionSettings settings) {
		this.settings = settings;
	}

	FrameSink create(StreamConnection connection, WebSocketSession session) {
		if (session instanceof NativeWebSocketSession nativeSession) {
			Object target = nativeSession.getNativeSession();
			if (JAKARTA_PRESENT && target instanceof jakarta.websocket.Session jakartaSession) {
				StandardFrameSink standard = new StandardFrameSink(connection, session, jakartaSession,
						this.settings.closeTimeout().toMillis());
				FrameSink tomcat = TOMCAT_PRESENT ? TomcatFrameSink.of(connection, standard, jakartaSession,
						this.settings.upgradedSocketBufferBytes()) : null;
				return (tomcat != null) ? tomcat : standard;
			}
			if (JETTY_PRESENT && target instanceof org.eclipse.jetty.websocket.api.Session jettySession) {
				Duration idle = this.settings.heartbeatTimeout().plus(this.settings.heartbeatInterval());
				return new JettyFrameSink(connection, jettySession, this.settings.maxFrameBytes(), idle);
			}
		}
		throw new IllegalStateException("Unsupported WebSocket session " + session.getClass().getName()
				+ ": ws-streams runs on Tomcat, Jetty or another Jakarta WebSocket container");
	}

}

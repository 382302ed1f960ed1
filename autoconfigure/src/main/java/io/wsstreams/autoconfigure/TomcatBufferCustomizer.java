package io.wsstreams.autoconfigure;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.wsstreams.autoconfigure.WsStreamsProperties.Transport.Shrink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Shrinks the buffers Tomcat allocates up front for every WebSocket connection: its
 * WebSocket container's message buffers, its WebSocket implementation's input, output and
 * encoding buffers, and, when configured, the connector's socket read and write buffers.
 * Together they are most of the heap an idle WebSocket connection costs on Tomcat.
 * ws-streams accepts partial messages, so frames larger than the message buffers still
 * arrive whole.
 *
 * <p>The message buffers are the container's, not the endpoint's: Tomcat sizes them from
 * the servlet context parameters {@code org.apache.tomcat.websocket.textBufferSize} and
 * {@code binaryBufferSize} when its WebSocket container starts, for every endpoint of the
 * context. An endpoint of the application's own that takes whole messages would fail on
 * any message larger than them, so in {@link Shrink#AUTO} mode they are shrunk only when
 * {@link ApplicationWebSocketEndpoints} finds no such endpoint among the bean definitions.
 * This customizer runs while the web server is created, after every bean definition is
 * registered and before any application bean is created, so the bean definitions are all
 * there is to go by. An application's own context parameters, and sizes it sets on the
 * container later (with {@code ServletServerContainerFactoryBean}, say), win.
 *
 * <p>The connector's socket buffers serve every HTTP connection as well, and Tomcat
 * writes a large response one write buffer at a time: with 2 KiB buffers, a 10 MB
 * download over loopback took about 1.4 times as long as with Tomcat's 8 KiB. So they
 * keep Tomcat's size unless configured, and ws-streams shrinks those of a socket once it
 * is one of its WebSocket connections instead; Tomcat's cache of sockets' buffers for
 * reuse is then turned off ({@code socket.bufferPool} 0), so that a shrunk socket's
 * buffers never serve an HTTP connection.
 *
 * <p>The WebSocket I/O buffer size is a system property that Tomcat reads once, when its
 * WebSocket classes load during server start; this customizer runs just before that and
 * leaves a value the application set itself alone. Tomcat also derives the default size
 * of its containers' message buffers from that property, so when the message buffers are
 * not shrunk, the server's container gets Tomcat's usual 8 KiB, as it would without
 * ws-streams.
 */
final class TomcatBufferCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	static final String IO_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	static final String TEXT_BUFFER_PARAMETER = "org.apache.tomcat.websocket.textBufferSize";

	static final String BINARY_BUFFER_PARAMETER = "org.apache.tomcat.websocket.binaryBufferSize";

	/** Tomcat's WebSocket buffer size when {@link #IO_BUFFER_PROPERTY} is not set. */
	static final int TOMCAT_DEFAULT_BUFFER_SIZE = 8 * 1024;

	private static final String SHRINK_PROPERTY = "ws-streams.transport.shrink-message-buffers";

	private static final Log logger = LogFactory.getLog(TomcatBufferCustomizer.class);

	/** Whether {@link #IO_BUFFER_PROPERTY} was set by ws-streams, in this JVM. */
	private static final AtomicBoolean ioBufferPropertySet = new AtomicBoolean();

	private final Shrink shrinkMessageBuffers;

	private final int messageBufferSize;

	private final int ioBufferSize;

	private final int socketBufferSize;

	private final int upgradedSocketBufferSize;

	private final Supplier<Set<String>> applicationEndpoints;

	/**
	 * Create a customizer.
	 * @param shrinkMessageBuffers when to shrink the message buffers
	 * @param messageBufferSize the size of shrunk message buffers, 0 for none
	 * @param ioBufferSize the WebSocket I/O buffer size, 0 for Tomcat's
	 * @param socketBufferSize the connector's socket buffer size, 0 for Tomcat's (which
	 * ws-streams keeps by default: smaller ones slow down large HTTP responses)
	 * @param upgradedSocketBufferSize the size ws-streams shrinks an upgraded connection's
	 * socket buffers to, 0 for none; when set, Tomcat keeps no buffers for reuse
	 * @param applicationEndpoints the names of the beans that show WebSocket endpoints of
	 * the application's own, asked only in {@link Shrink#AUTO} mode
	 */
	TomcatBufferCustomizer(Shrink shrinkMessageBuffers, int messageBufferSize, int ioBufferSize,
			int socketBufferSize, int upgradedSocketBufferSize, Supplier<Set<String>> applicationEndpoints) {
		this.shrinkMessageBuffers = shrinkMessageBuffers;
		this.messageBufferSize = messageBufferSize;
		this.ioBufferSize = ioBufferSize;
		this.socketBufferSize = socketBufferSize;
		this.upgradedSocketBufferSize = upgradedSocketBufferSize;
		this.applicationEndpoints = applicationEndpoints;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		if (this.ioBufferSize > 0 && System.getProperty(IO_BUFFER_PROPERTY) == null) {
			System.setProperty(IO_BUFFER_PROPERTY, Integer.toString(this.ioBufferSize));
			ioBufferPropertySet.set(true);
		}
		int messageBuffers = shrinkMessageBuffers() ? this.messageBufferSize
				: ioBufferPropertySet.get() ? TOMCAT_DEFAULT_BUFFER_SIZE : 0;
		if (messageBuffers > 0) {
			String size = Integer.toString(messageBuffers);
			factory.addContextCustomizers((context) -> {
				// The WebSocket container reads these when it starts; an application's own
				// values win.
				for (String parameter : new String[] { TEXT_BUFFER_PARAMETER, BINARY_BUFFER_PARAMETER }) {
					if (context.findParameter(parameter) == null) {
						context.addParameter(parameter, size);
					}
				}
			});
		}
		if (this.socketBufferSize > 0) {
			String size = Integer.toString(this.socketBufferSize);
			factory.addConnectorCustomizers((connector) -> {
				connector.setProperty("socket.appReadBufSize", size);
				connector.setProperty("socket.appWriteBufSize", size);
			});
		}
		if (this.upgradedSocketBufferSize > 0) {
			// A socket's buffers go back to a cache when it closes and serve the next
			// connection, HTTP too; those that ws-streams shrank must not.
			factory.addConnectorCustomizers((connector) -> connector.setProperty("socket.bufferPool", "0"));
		}
	}

	private boolean shrinkMessageBuffers() {
		if (this.messageBufferSize <= 0) {
			return false;
		}
		return switch (this.shrinkMessageBuffers) {
			case ALWAYS -> true;
			case NEVER -> false;
			case AUTO -> {
				Set<String> endpoints = this.applicationEndpoints.get();
				if (!endpoints.isEmpty()) {
					logger.info("Leaving Tomcat's WebSocket message buffers at their default size: the application "
							+ "has WebSocket endpoints of its own (beans " + endpoints + "). Set " + SHRINK_PROPERTY
							+ "=always to shrink them for every endpoint anyway.");
				}
				yield endpoints.isEmpty();
			}
		};
	}

}

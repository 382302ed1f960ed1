package io.wsstreams.autoconfigure;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Shrinks the buffers Tomcat allocates up front for every connection: its WebSocket
 * container's message buffers, its WebSocket implementation's input, output and encoding
 * buffers, and the connector's socket read and write buffers. Together they are most of
 * the heap an idle WebSocket connection costs on Tomcat. ws-streams accepts partial
 * messages, so frames larger than the message buffers still arrive whole.
 *
 * <p>The WebSocket buffer size is a system property that Tomcat reads once, when its
 * WebSocket classes load during server start; this customizer runs just before that and
 * leaves a value the application set itself alone.
 */
final class TomcatBufferCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	static final String IO_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private static final String TEXT_BUFFER_PARAMETER = "org.apache.tomcat.websocket.textBufferSize";

	private static final String BINARY_BUFFER_PARAMETER = "org.apache.tomcat.websocket.binaryBufferSize";

	private final int messageBufferSize;

	private final int ioBufferSize;

	private final int socketBufferSize;

	TomcatBufferCustomizer(int messageBufferSize, int ioBufferSize, int socketBufferSize) {
		this.messageBufferSize = messageBufferSize;
		this.ioBufferSize = ioBufferSize;
		this.socketBufferSize = socketBufferSize;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		if (this.messageBufferSize > 0) {
			String size = Integer.toString(this.messageBufferSize);
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
		if (this.ioBufferSize > 0 && System.getProperty(IO_BUFFER_PROPERTY) == null) {
			System.setProperty(IO_BUFFER_PROPERTY, Integer.toString(this.ioBufferSize));
		}
		if (this.socketBufferSize > 0) {
			String size = Integer.toString(this.socketBufferSize);
			factory.addConnectorCustomizers((connector) -> {
				connector.setProperty("socket.appReadBufSize", size);
				connector.setProperty("socket.appWriteBufSize", size);
			});
		}
	}

}

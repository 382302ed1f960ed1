package io.wsstreams.autoconfigure;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Shrinks the buffers Tomcat allocates up front for every connection: its WebSocket
 * implementation's input, output and encoding buffers, and the connector's socket read
 * and write buffers. Together they are most of the heap an idle WebSocket connection
 * costs on Tomcat.
 *
 * <p>The WebSocket buffer size is a system property that Tomcat reads once, when its
 * WebSocket classes load during server start; this customizer runs just before that and
 * leaves a value the application set itself alone.
 */
final class TomcatBufferCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	static final String IO_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private final int ioBufferSize;

	private final int socketBufferSize;

	TomcatBufferCustomizer(int ioBufferSize, int socketBufferSize) {
		this.ioBufferSize = ioBufferSize;
		this.socketBufferSize = socketBufferSize;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
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

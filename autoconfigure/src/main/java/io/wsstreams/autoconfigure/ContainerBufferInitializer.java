package io.wsstreams.autoconfigure;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.context.ServletContextAware;

/**
 * Sets the default message buffer sizes of the servlet container's Jakarta WebSocket
 * container, which allocates both buffers for every session when it opens. ws-streams
 * accepts partial messages, so frames larger than the buffer still arrive whole.
 */
final class ContainerBufferInitializer implements ServletContextAware, SmartInitializingSingleton {

	private final int bufferSize;

	private ServletContext servletContext;

	ContainerBufferInitializer(int bufferSize) {
		this.bufferSize = bufferSize;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		this.servletContext = servletContext;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.bufferSize <= 0 || this.servletContext == null) {
			return;
		}
		if (this.servletContext.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
			container.setDefaultMaxTextMessageBufferSize(this.bufferSize);
			container.setDefaultMaxBinaryMessageBufferSize(this.bufferSize);
		}
	}

}

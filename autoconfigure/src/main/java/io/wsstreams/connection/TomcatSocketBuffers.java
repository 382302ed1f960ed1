package io.wsstreams.connection;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Shrinks the read and write buffers that Tomcat's connector gave a socket once the socket
 * is a ws-streams WebSocket connection.
 *
 * <p>Tomcat allocates both buffers (8 KiB each by default, {@code socket.appReadBufSize}
 * and {@code socket.appWriteBufSize}) for every socket when it accepts it, and HTTP needs
 * them that large: Tomcat writes a large response one write buffer at a time. A WebSocket
 * connection keeps them for its whole life, though it reads into its own 1 KiB input
 * buffer and writes frames of its own: so, as the connection opens, on the connector
 * thread that upgraded it and before any frame is read or written, they are replaced by
 * buffers of {@code ws-streams.transport.tomcat-upgraded-socket-buffer-size}. Tomcat then
 * reads and writes through the smaller ones as it would through its own.
 *
 * <p>Only plain heap buffers of Tomcat's NIO connector are replaced, and only when both are
 * empty (no input read ahead of the upgrade, no output left of the handshake's response);
 * TLS sockets keep theirs, as Tomcat grows them to the size of a TLS record. Tomcat keeps
 * the sockets' buffers for reuse by later connections unless {@code socket.bufferPool} is
 * 0, which ws-streams sets when it shrinks them, so that no HTTP connection inherits small
 * buffers.
 */
final class TomcatSocketBuffers {

	static final String HANDLER_CLASS = "org.apache.tomcat.util.net.SocketBufferHandler";

	static final String READ_FIELD = "readBuffer";

	static final String WRITE_FIELD = "writeBuffer";

	private static final @Nullable Field READ = TomcatFrameSink.Internals.field(SocketBufferHandler.class,
			READ_FIELD, ByteBuffer.class);

	private static final @Nullable Field WRITE = TomcatFrameSink.Internals.field(SocketBufferHandler.class,
			WRITE_FIELD, ByteBuffer.class);

	private TomcatSocketBuffers() {
	}

	/**
	 * Replaces a socket's read and write buffers with smaller ones where it can.
	 * @param socket the socket, on the thread that processes it, before any frame
	 * @param size the buffers' size, in bytes; 0 or less leaves them alone
	 * @return {@code true} when the buffers were replaced
	 */
	static boolean shrink(SocketWrapperBase<?> socket, int size) {
		Field read = READ;
		Field write = WRITE;
		if (size <= 0 || read == null || write == null || !(socket.getSocket() instanceof NioChannel channel)
				|| channel.getClass() != NioChannel.class) {
			return false;
		}
		SocketBufferHandler buffers = socket.getSocketBufferHandler();
		if (buffers == null || buffers.getReadBuffer().isDirect() || buffers.getWriteBuffer().isDirect()
				|| buffers.getReadBuffer().capacity() <= size || buffers.getWriteBuffer().capacity() <= size
				|| !buffers.isReadBufferEmpty() || !buffers.isWriteBufferEmpty()) {
			return false;
		}
		ReflectionUtils.setField(read, buffers, ByteBuffer.allocate(size));
		ReflectionUtils.setField(write, buffers, ByteBuffer.allocate(size));
		// Both empty, both ready to be filled, as Tomcat leaves a handler it recycles.
		buffers.reset();
		return true;
	}

}

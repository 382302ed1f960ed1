package io.wsstreams.connection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.wsstreams.protocol.OutboundFrame;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.net.SocketWrapperBase.BlockingMode;
import org.apache.tomcat.util.net.SocketWrapperBase.CompletionState;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;
import org.springframework.web.socket.CloseStatus;

/**
 * A {@link FrameSink} on Tomcat that writes each frame's pre-encoded
 * {@link OutboundFrame#wireFrame() wire form} to the upgraded socket itself, without
 * blocking, and reports a write that completes at once on the writing thread.
 *
 * <p>Tomcat's asynchronous send completes every write by handing the completion to the
 * connector's thread pool, even a write that went out at once, which is nearly every
 * write of a fan-out: a thread switch per delivery, costing more than the write. Its
 * blocking send has no hand-off but waits for a peer that stops reading. This sink
 * writes through the same non-blocking socket operation that Tomcat's asynchronous send
 * uses, and takes the same per-session lock first (the remote endpoint's
 * {@code messagePartInProgress} semaphore), so that Tomcat's own frames (pongs, close
 * frames) never interleave with it: they wait for the frame in flight, as they wait for
 * one of Tomcat's. The frame is encoded once per publication instead of once per
 * connection, and the frames that waited in a connection's queue go out in one gathering
 * write.
 *
 * <p>When Tomcat holds the lock for a frame of its own, the frame goes through
 * {@link StandardFrameSink}, which queues it behind Tomcat's. Pings, closes and the
 * session's state are {@link StandardFrameSink}'s too.
 */
final class TomcatFrameSink implements FrameSink, CompletionHandler<Long, Void> {

	/** The most queued frames written in one gathering write. */
	static final int BATCH_LIMIT = 64;

	private final StreamConnection connection;

	private final StandardFrameSink standard;

	private final WsSession session;

	private final WsRemoteEndpointImplBase remote;

	private final SocketWrapperBase<?> socket;

	private final Semaphore messagePartInProgress;

	private TomcatFrameSink(StreamConnection connection, StandardFrameSink standard, WsSession session,
			WsRemoteEndpointImplBase remote, SocketWrapperBase<?> socket, Semaphore messagePartInProgress) {
		this.connection = connection;
		this.standard = standard;
		this.session = session;
		this.remote = remote;
		this.socket = socket;
		this.messagePartInProgress = messagePartInProgress;
	}

	/**
	 * A sink that writes the socket itself, where the session is Tomcat's and its remote
	 * endpoint, socket and lock are where this sink looks for them. Shrinks the socket's
	 * buffers first (see {@link TomcatSocketBuffers}), as the connection opens.
	 * @param connection the connection
	 * @param standard the sink over the same session's Jakarta API
	 * @param nativeSession the Jakarta session
	 * @param socketBufferBytes the size of the socket's buffers from now on, 0 to keep them
	 * @return the sink, or {@code null} to use {@code standard} alone
	 */
	static @Nullable FrameSink of(StreamConnection connection, StandardFrameSink standard, Object nativeSession,
			int socketBufferBytes) {
		if (!Internals.AVAILABLE || !StandardFrameSink.canReadTomcatState()
				|| !(nativeSession instanceof WsSession session)) {
			return null;
		}
		if (!(ReflectionUtils.getField(Internals.REMOTE, session) instanceof WsRemoteEndpointImplServer remote)
				|| !(ReflectionUtils.getField(Internals.SOCKET, remote) instanceof SocketWrapperBase<?> socket)) {
			return null;
		}
		TomcatSocketBuffers.shrink(socket, socketBufferBytes);
		if (!socket.hasAsyncIO()) {
			return null;
		}
		if (!(ReflectionUtils.getField(Internals.LOCK, remote) instanceof Semaphore lock)) {
			return null;
		}
		return new TomcatFrameSink(connection, standard, session, remote, socket, lock);
	}

	@Override
	public void sendText(String text) {
		send(OutboundFrame.of(text));
	}

	@Override
	public void send(OutboundFrame frame) {
		Claim claim = claim();
		if ((claim == Claim.WRITE && !write(frame.wireFrame())) || claim == Claim.TOMCAT) {
			sendThroughTomcat(List.of(frame), 0);
		}
	}

	@Override
	public int batchLimit() {
		return BATCH_LIMIT;
	}

	@Override
	public void sendAll(List<OutboundFrame> frames) {
		Claim claim = claim();
		if (claim == Claim.WRITE) {
			ByteBuffer[] buffers = new ByteBuffer[frames.size()];
			for (int i = 0; i < buffers.length; i++) {
				buffers[i] = frames.get(i).wireFrame();
			}
			if (write(buffers)) {
				return;
			}
		}
		if (claim != Claim.CLOSING) {
			sendThroughTomcat(frames, 0);
		}
	}

	/**
	 * Takes the lock that lets one frame at a time be written.
	 * @return whether this sink holds the lock and writes now, Tomcat holds it, or the
	 * session is closing, for which the write has failed already
	 */
	private Claim claim() {
		if (!this.messagePartInProgress.tryAcquire()) {
			// Tomcat is writing a pong or a close frame: it queues these frames behind.
			return Claim.TOMCAT;
		}
		if (this.standard.isClosing()) {
			// A close started before the lock was taken: its frame is the last one.
			this.messagePartInProgress.release();
			this.connection.onSendComplete(new ClosedChannelException());
			return Claim.CLOSING;
		}
		return Claim.WRITE;
	}

	/**
	 * Writes the frames' buffers in one write, holding the lock.
	 * @return {@code false} when the socket did not take the write, and released the lock
	 */
	private boolean write(ByteBuffer... buffers) {
		Internals.activeWrite(this.session);
		CompletionState state;
		try {
			state = this.socket.write(BlockingMode.NON_BLOCK, this.remote.getSendTimeout(), TimeUnit.MILLISECONDS,
					null, SocketWrapperBase.COMPLETE_WRITE, this, buffers);
		}
		catch (RuntimeException ex) {
			failed(ex, null);
			return true;
		}
		if (state == CompletionState.INLINE) {
			// Written at once: no completion follows, this thread carries on.
			completed(0L, null);
		}
		else if (state == CompletionState.NOT_DONE) {
			// Another write holds the socket, which only Tomcat's own frames do, under the
			// lock this sink took: cannot happen, but if it did, Tomcat queues the frames.
			this.messagePartInProgress.release();
			return false;
		}
		// Otherwise the socket took part of it: the completion follows on a container
		// thread once the rest is written, or reports the failure.
		return true;
	}

	/**
	 * Sends frames one after another through Tomcat's asynchronous API, which queues each
	 * behind the frame Tomcat is writing, and reports their completion once.
	 */
	private void sendThroughTomcat(List<OutboundFrame> frames, int index) {
		boolean last = index == frames.size() - 1;
		this.standard.sendText(frames.get(index).text(), (result) -> {
			if (last || !result.isOK()) {
				this.standard.onResult(result);
			}
			else {
				sendThroughTomcat(frames, index + 1);
			}
		});
	}

	@Override
	public void completed(Long written, @Nullable Void attachment) {
		this.messagePartInProgress.release();
		this.connection.onSendComplete(null);
	}

	@Override
	public void failed(Throwable failure, @Nullable Void attachment) {
		this.messagePartInProgress.release();
		this.connection.onSendComplete(failure);
	}

	@Override
	public void sendPing() {
		this.standard.sendPing();
	}

	@Override
	public boolean pingBlocks() {
		return this.standard.pingBlocks();
	}

	@Override
	public boolean isOpen() {
		return this.standard.isOpen();
	}

	@Override
	public boolean isClosing() {
		return this.standard.isClosing();
	}

	@Override
	public void close(CloseStatus status) {
		this.standard.close(status);
	}

	/** What {@link #claim()} found. */
	private enum Claim {

		/** The lock is this sink's: write. */
		WRITE,

		/** Tomcat is writing a frame of its own. */
		TOMCAT,

		/** The session is closing. */
		CLOSING

	}

	/**
	 * Tomcat's internals this sink reads: the session's remote endpoint, the endpoint's
	 * socket and the lock that lets one frame at a time be written, and the session's
	 * record of its last write, which its idle timeout reads.
	 */
	static final class Internals {

		static final String REMOTE_BASE_CLASS = "org.apache.tomcat.websocket.WsRemoteEndpointImplBase";

		static final String REMOTE_FIELD = "wsRemoteEndpoint";

		static final String SOCKET_FIELD = "socketWrapper";

		static final String LOCK_FIELD = "messagePartInProgress";

		static final String ACTIVE_WRITE_METHOD = "updateLastActiveWrite";

		static final @Nullable Field REMOTE = field(WsSession.class, REMOTE_FIELD, WsRemoteEndpointImplBase.class);

		static final @Nullable Field SOCKET = field(WsRemoteEndpointImplServer.class, SOCKET_FIELD,
				SocketWrapperBase.class);

		static final @Nullable Field LOCK = field(WsRemoteEndpointImplBase.class, LOCK_FIELD, Semaphore.class);

		private static final @Nullable MethodHandle ACTIVE_WRITE = activeWriteHandle();

		static final boolean AVAILABLE = REMOTE != null && SOCKET != null && LOCK != null
				&& ACTIVE_WRITE != null;

		private Internals() {
		}

		static void activeWrite(WsSession session) {
			MethodHandle handle = ACTIVE_WRITE;
			if (handle == null) {
				return;
			}
			try {
				handle.invokeExact(session);
			}
			catch (Throwable ex) {
				// A protected setter of a timestamp does not throw.
			}
		}

		static @Nullable Field field(Class<?> owner, String name, Class<?> type) {
			try {
				Field field = owner.getDeclaredField(name);
				if (!type.isAssignableFrom(field.getType())) {
					return null;
				}
				ReflectionUtils.makeAccessible(field);
				return field;
			}
			catch (NoSuchFieldException | LinkageError | RuntimeException ex) {
				return null;
			}
		}

		private static @Nullable MethodHandle activeWriteHandle() {
			try {
				Method method = WsSession.class.getDeclaredMethod(ACTIVE_WRITE_METHOD);
				ReflectionUtils.makeAccessible(method);
				return MethodHandles.lookup().unreflect(method);
			}
			catch (NoSuchMethodException | IllegalAccessException | LinkageError | RuntimeException ex) {
				return null;
			}
		}

	}

}

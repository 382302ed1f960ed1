package io.wsstreams.connection;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.web.socket.CloseStatus;

/**
 * Runs closes, and other writes that may block, off the calling thread.
 *
 * <p>A container may write the close frame with a blocking write, which waits for a
 * peer that stopped reading; doing that on a publishing or heartbeat thread would stall
 * everyone else. Closes therefore run on a small pool of their own, and a close that
 * waits for a write in flight is forced after the close timeout.
 */
final class ConnectionCloser {

	private final ThreadPoolExecutor executor;

	private final ScheduledExecutorService timer;

	private final long closeTimeoutMillis;

	ConnectionCloser(ScheduledExecutorService timer, Duration closeTimeout) {
		this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				DaemonThreads.factory("close"));
		this.executor.allowCoreThreadTimeOut(true);
		this.timer = timer;
		this.closeTimeoutMillis = closeTimeout.toMillis();
	}

	/**
	 * Runs a write that may block, such as a Jakarta WebSocket ping.
	 * @param write the write
	 */
	void execute(Runnable write) {
		this.executor.execute(write);
	}

	/** Lets the close threads end once their work is done, when the context closes. */
	void shutdown() {
		this.executor.shutdown();
	}

	void close(StreamConnection connection, CloseStatus status) {
		this.executor.execute(() -> connection.sink().close(status));
	}

	void closeLater(StreamConnection connection, CloseStatus status) {
		this.timer.schedule(() -> {
			if (connection.isCloseStuck()) {
				CloseStatus pending = connection.takePendingClose();
				if (pending != null) {
					close(connection, pending);
				}
			}
		}, this.closeTimeoutMillis, TimeUnit.MILLISECONDS);
	}

}

package io.wsstreams.connection;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.web.socket.CloseStatus;

/**
 * Runs closes, and other writes that may block or that must not hold a container thread,
 * off the calling thread.
 *
 * <p>A container may write the close frame with a blocking write, which waits for a
 * peer that stopped reading; doing that on a publishing or heartbeat thread would stall
 * everyone else. Closes therefore run on a small pool of their own, and a close that
 * waits for a write in flight is forced after the close timeout.
 *
 * <p>A connection's queued frames are written one after another, each started when the
 * previous one completes. Containers complete writes on their own threads, which also
 * serve HTTP and read the sockets; Tomcat answers a peer's close frame on one of them,
 * and that answer waits until the frame in flight to that socket has completed on
 * another. Writing queues from completions would keep every container thread busy with
 * queues when many connections have some, as when a burst of closes fans presence
 * {@code leave} events out to everyone, and leave none to complete the frames that the
 * answers wait for. Queues are therefore written on a pool of their own, one thread per
 * processor: those writes never block, they only start the next frame.
 */
final class ConnectionCloser {

	private final ThreadPoolExecutor executor;

	private final ThreadPoolExecutor writer;

	private final ScheduledExecutorService timer;

	private final long closeTimeoutMillis;

	ConnectionCloser(ScheduledExecutorService timer, Duration closeTimeout) {
		this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				DaemonThreads.factory("close"));
		this.executor.allowCoreThreadTimeOut(true);
		int processors = Runtime.getRuntime().availableProcessors();
		this.writer = new ThreadPoolExecutor(processors, processors, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				DaemonThreads.factory("write"));
		this.writer.allowCoreThreadTimeOut(true);
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

	/** Lets the close and writing threads end once their work is done, when the context closes. */
	void shutdown() {
		this.executor.shutdown();
		this.writer.shutdown();
	}

	/**
	 * Goes on writing a connection's queue after the container completed its previous
	 * frame on a thread of its own.
	 * @param write starts the next frame without blocking
	 */
	void continueWriting(Runnable write) {
		this.writer.execute(write);
	}

	void close(StreamConnection connection, CloseStatus status) {
		this.executor.execute(() -> connection.sink().close(status));
	}

	/**
	 * Runs a task once the close timeout has passed, on the timer.
	 * @param task the task, which must not block
	 */
	void afterCloseTimeout(Runnable task) {
		try {
			this.timer.schedule(task, this.closeTimeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: no time to wait.
			task.run();
		}
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

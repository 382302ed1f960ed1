package io.wsstreams.connection;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The outbound side of ws-streams' connections for sockets that another handler serves,
 * such as the Pusher endpoint's: each socket gets a {@link StreamConnection} with its
 * bounded queue and write loop over the container's asynchronous API, so that a
 * publishing thread never waits for a slow socket, and its closes run on close threads of
 * its own.
 *
 * <p>Threads: {@link StreamConnection#send} runs on any thread and never blocks; queued
 * frames are written on this instance's writing threads, closes on its close threads, and
 * a close that waits for a write that never completes is forced by the given timer after
 * the close timeout.
 */
public final class OutboundSockets {

	private final ConnectionSettings settings;

	private final ConnectionCloser closer;

	private final FrameSinkFactory sinks;

	private final StreamStatistics statistics;

	/**
	 * Creates the outbound side of a handler's sockets.
	 * @param settings the queue limit and close timeout; the heartbeat's interval and
	 * timeout only set how long Jetty lets a socket idle (their sum)
	 * @param timer the timer that forces closes that wait too long
	 * @param statistics where the frames sent, the closes and the failed writes are counted
	 */
	public OutboundSockets(ConnectionSettings settings, ScheduledExecutorService timer, StreamStatistics statistics) {
		this.settings = settings;
		this.closer = new ConnectionCloser(timer, settings.closeTimeout());
		this.sinks = new FrameSinkFactory(settings);
		this.statistics = statistics;
	}

	/**
	 * Opens the outbound side of a socket, ready for frames.
	 * @param id the socket's id, for logs
	 * @param label what the socket serves, for logs
	 * @param session the socket
	 * @param slowConsumer the close status of a socket whose queue overflows
	 * @return the connection to send through
	 */
	public StreamConnection open(String id, String label, WebSocketSession session, CloseStatus slowConsumer) {
		StreamConnection connection = new StreamConnection(id, label, null, null, Map.of(), this.settings,
				this.closer, (created) -> this.sinks.create(created, session), this.statistics, slowConsumer);
		connection.openNow();
		return connection;
	}

	/**
	 * Records that the container closed a socket, with the status it reported.
	 * @param connection the socket's connection
	 * @param status the close status
	 */
	public void closed(StreamConnection connection, CloseStatus status) {
		this.statistics.closed(status.getCode());
		connection.markClosed();
	}

	/**
	 * Ends the close and writing threads, once every socket is closed.
	 */
	public void shutdown() {
		this.closer.shutdown();
	}

}

package io.wsstreams.connection;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.wsstreams.protocol.CloseCodes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Drains this node: refuses new handshakes, marks the application not ready, and closes
 * open connections with {@code 1012 Service restart} at a given rate so that clients
 * reconnect elsewhere without a stampede. Sockets that other handlers serve
 * ({@link DrainableSockets}, such as the Pusher endpoint's) are closed at the same rate,
 * after ws-streams' own, with their protocol's own close code.
 *
 * <p>On context close it drains at once, before the web server's own graceful shutdown
 * waits for requests, so that open sockets do not hold the process for the whole
 * shutdown timeout. A timer thread of its own paces the closes.
 */
public final class ConnectionDrainer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ConnectionDrainer.class);

	private static final long TICK_MILLIS = 20;

	private final ConnectionRegistry registry;

	private final ApplicationEventPublisher events;

	private final Duration shutdownTimeout;

	private final ScheduledThreadPoolExecutor timer;

	private final Iterable<DrainableSockets> others;

	private volatile boolean accepting = true;

	private volatile boolean running;

	private @Nullable Drain drain;

	public ConnectionDrainer(ConnectionRegistry registry, ApplicationEventPublisher events, Duration shutdownTimeout) {
		this(registry, events, shutdownTimeout, List.of());
	}

	/**
	 * Creates the drain of a node that also serves sockets of other handlers.
	 * @param registry ws-streams' connections
	 * @param events publishes the readiness changes
	 * @param shutdownTimeout how long a shutdown waits for the sockets to close
	 * @param others the sockets of other handlers, looked up when a drain or shutdown
	 * needs them
	 */
	public ConnectionDrainer(ConnectionRegistry registry, ApplicationEventPublisher events, Duration shutdownTimeout,
			Iterable<DrainableSockets> others) {
		this.others = others;
		this.registry = registry;
		this.events = events;
		this.shutdownTimeout = shutdownTimeout;
		this.timer = DaemonThreads.timer("drain");
	}

	/**
	 * Whether new handshakes are accepted.
	 * @return {@code false} while draining
	 */
	public boolean isAccepting() {
		return this.accepting;
	}

	/**
	 * Whether a drain has started.
	 * @return {@code true} after {@link #drain(double)} until {@link #resume()}
	 */
	public boolean isDraining() {
		return !this.accepting;
	}

	/**
	 * The rate of the current drain.
	 * @return connections closed per second, 0 when not draining
	 */
	public synchronized double rate() {
		return (this.accepting || this.drain == null) ? 0 : this.drain.rate;
	}

	/**
	 * Starts draining, or changes the rate of a drain under way.
	 * @param connectionsPerSecond how many connections to close per second
	 */
	public synchronized void drain(double connectionsPerSecond) {
		if (!(connectionsPerSecond > 0)) {
			throw new IllegalArgumentException("Drain rate must be positive");
		}
		refuse();
		if (this.drain != null) {
			this.drain.stop();
		}
		Drain drain = new Drain(connectionsPerSecond);
		drain.future = this.timer.scheduleAtFixedRate(drain, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
		this.drain = drain;
		logger.info("Draining " + this.registry.size() + " connections at " + connectionsPerSecond + "/s");
	}

	/**
	 * Ends a drain: stops closing connections, even in the middle of a tick, accepts
	 * handshakes again and reports the application ready again. Does nothing when not
	 * draining.
	 */
	public synchronized void resume() {
		if (this.drain != null) {
			this.drain.stop();
			this.drain = null;
		}
		if (!this.accepting) {
			this.accepting = true;
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.ACCEPTING_TRAFFIC);
			if (this.running) {
				logger.info("Drain ended with " + this.registry.size() + " connections open; accepting connections");
			}
		}
	}

	private void refuse() {
		if (this.accepting) {
			this.accepting = false;
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	/**
	 * Accepts handshakes, also again after a {@link #stop()}: a context that is stopped and
	 * started again (as the test framework does with cached contexts) serves again.
	 */
	@Override
	public void start() {
		resume();
		this.running = true;
	}

	/**
	 * Closes every connection with 1012 and waits, up to the shutdown timeout, for the
	 * sockets to close.
	 */
	@Override
	public void stop() {
		synchronized (this) {
			this.accepting = false;
			if (this.drain != null) {
				this.drain.stop();
				this.drain = null;
			}
		}
		int own = this.registry.size();
		int others = othersOpen();
		int open = own + others;
		long started = System.nanoTime();
		if (open > 0) {
			logger.info("Closing " + own + " connections with 1012 for shutdown"
					+ ((others > 0) ? ", and " + others + " sockets of other endpoints" : ""));
		}
		this.registry.connections().forEach((connection) -> connection.close(CloseCodes.serviceRestart()));
		this.others.forEach(DrainableSockets::closeAll);
		try {
			this.registry.awaitEmpty(this.shutdownTimeout);
			long deadline = started + this.shutdownTimeout.toNanos();
			while (othersOpen() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(TICK_MILLIS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.registry.size() + othersOpen() > 0) {
			logger.warn((this.registry.size() + othersOpen()) + " connections still open after "
					+ this.shutdownTimeout);
		}
		else if (open > 0) {
			logger.info("Closed " + open + " connections in " + (System.nanoTime() - started) / 1_000_000 + " ms");
		}
		this.running = false;
	}

	private int othersOpen() {
		int open = 0;
		for (DrainableSockets sockets : this.others) {
			open += sockets.size();
		}
		return open;
	}

	/** Stops the timer for good, when the context closes. */
	public void shutdown() {
		this.timer.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops before the web server's graceful shutdown, which waits for open requests.
	 * @return the highest phase
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	/**
	 * One drain: closes connections with 1012 at its rate on the timer thread until
	 * stopped. A stop takes effect before the next close, also within a tick.
	 */
	private final class Drain implements Runnable {

		private final double rate;

		private final long started = System.nanoTime();

		private volatile boolean stopped;

		private @Nullable ScheduledFuture<?> future;

		/** Closes so far; only the timer thread reads and writes it. */
		private long closed;

		Drain(double rate) {
			this.rate = rate;
		}

		@Override
		public void run() {
			double due = (System.nanoTime() - this.started) / 1_000_000_000d * this.rate - this.closed;
			Iterator<StreamConnection> connections = ConnectionDrainer.this.registry.connections().iterator();
			while (due >= 1 && !this.stopped && connections.hasNext()) {
				StreamConnection connection = connections.next();
				if (connection.isOpen()) {
					connection.close(CloseCodes.serviceRestart());
					this.closed++;
					due--;
				}
			}
			for (Iterator<DrainableSockets> others = ConnectionDrainer.this.others.iterator(); due >= 1
					&& !this.stopped && others.hasNext();) {
				int closedThere = others.next().closeSome((int) Math.min(Integer.MAX_VALUE, due));
				this.closed += closedThere;
				due -= closedThere;
			}
		}

		void stop() {
			this.stopped = true;
			if (this.future != null) {
				this.future.cancel(false);
			}
		}

	}

}

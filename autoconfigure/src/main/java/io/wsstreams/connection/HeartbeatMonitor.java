package io.wsstreams.connection;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import io.wsstreams.protocol.CloseCodes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sends protocol pings and closes silent connections with 4408, from one timer thread
 * that sweeps every connection a few times per interval. One thread for all connections
 * keeps idle connections free of per-connection timers.
 */
public final class HeartbeatMonitor implements SweepingBean {

	private static final Log logger = LogFactory.getLog(HeartbeatMonitor.class);

	private final ConnectionRegistry registry;

	private final long intervalNanos;

	private final long timeoutNanos;

	private final PeriodicSweep sweep;

	public HeartbeatMonitor(ConnectionRegistry registry, Duration interval, Duration timeout) {
		this.registry = registry;
		this.intervalNanos = interval.toNanos();
		this.timeoutNanos = timeout.toNanos();
		long tick = Math.max(50, Math.min(1000, Math.min(interval.toMillis(), timeout.toMillis()) / 5));
		this.sweep = new PeriodicSweep("heartbeat", Duration.ofMillis(tick), this::sweep);
	}

	/**
	 * The timer, also used to schedule forced closes.
	 * @return the scheduler
	 */
	ScheduledExecutorService timer() {
		return this.sweep.timer();
	}

	@Override
	public PeriodicSweep periodicSweep() {
		return this.sweep;
	}

	private void sweep() {
		try {
			long now = System.nanoTime();
			for (StreamConnection connection : this.registry.connections()) {
				if (!connection.isOpen()) {
					continue;
				}
				if (connection.isSilentSince(now, this.timeoutNanos)) {
					connection.close(CloseCodes.heartbeatTimeout());
				}
				else {
					connection.pingIfDue(now, this.intervalNanos);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Heartbeat sweep failed", ex);
		}
	}

}

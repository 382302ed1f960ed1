package io.wsstreams.connection;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A task that runs at a fixed delay on a daemon thread of its own while started: the
 * sweeps of heartbeats, sessions and presence. Its thread starts with {@link #start()},
 * which the owning bean calls from its lifecycle, never from a constructor; {@link #stop()}
 * cancels the task (the context may start again), {@link #shutdown()} ends the thread for
 * good.
 */
public final class PeriodicSweep {

	private final ScheduledThreadPoolExecutor timer;

	private final Runnable task;

	private final long periodMillis;

	private @Nullable ScheduledFuture<?> future;

	/**
	 * Creates a sweep; no thread runs until it starts.
	 * @param purpose the thread's purpose, in its name
	 * @param period the delay between runs
	 * @param task the task
	 */
	public PeriodicSweep(String purpose, Duration period, Runnable task) {
		this.timer = DaemonThreads.timer(purpose);
		this.task = task;
		this.periodMillis = Math.max(1, period.toMillis());
	}

	/**
	 * The sweep's scheduler, for one-off tasks of its owner.
	 * @return the scheduler
	 */
	ScheduledThreadPoolExecutor timer() {
		return this.timer;
	}

	public synchronized void start() {
		if (this.future == null && !this.timer.isShutdown()) {
			this.future = this.timer.scheduleWithFixedDelay(this.task, this.periodMillis, this.periodMillis,
					TimeUnit.MILLISECONDS);
		}
	}

	public synchronized void stop() {
		if (this.future != null) {
			this.future.cancel(false);
			this.future = null;
		}
	}

	public synchronized boolean isRunning() {
		return this.future != null;
	}

	/** Stops for good and ends the thread. */
	public void shutdown() {
		stop();
		this.timer.shutdownNow();
	}

}

package io.wsstreams.dispatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;

/**
 * Logs handler failures at ERROR with their stack trace, but a run of failures of one kind
 * (the same exception type from the same place, such as every publish while the broker is
 * unreachable) once per interval, with how many were not logged since.
 */
final class FailureLog {

	private final Log logger;

	private final long intervalNanos;

	private final Map<String, Run> runs = new ConcurrentHashMap<>();

	private final LongSupplier clock;

	FailureLog(Log logger, long intervalNanos) {
		this(logger, intervalNanos, System::nanoTime);
	}

	FailureLog(Log logger, long intervalNanos, LongSupplier clock) {
		this.logger = logger;
		this.intervalNanos = intervalNanos;
		this.clock = clock;
	}

	/**
	 * Logs a failure unless one of its kind was logged within the interval.
	 * @param where where it happened, such as the handler and action
	 * @param message the message
	 * @param failure the failure
	 */
	void error(String where, String message, Throwable failure) {
		Run run = this.runs.computeIfAbsent(where + "|" + failure.getClass().getName(), (key) -> new Run());
		long now = this.clock.getAsLong();
		long last = run.loggedAt.get();
		if (last != 0 && now - last < this.intervalNanos) {
			run.unlogged.incrementAndGet();
			return;
		}
		if (!run.loggedAt.compareAndSet(last, now)) {
			run.unlogged.incrementAndGet();
			return;
		}
		long unlogged = run.unlogged.getAndSet(0);
		this.logger.error((unlogged > 0) ? message + " (" + unlogged + " more failures like it since the last one logged)"
				: message, failure);
	}

	private static final class Run {

		private final AtomicLong loggedAt = new AtomicLong();

		private final AtomicLong unlogged = new AtomicLong();

	}

}

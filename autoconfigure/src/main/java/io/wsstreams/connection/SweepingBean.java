package io.wsstreams.connection;

import org.springframework.context.SmartLifecycle;

/**
 * A bean whose work is a {@link PeriodicSweep}: the sweep starts and stops with the
 * context, and ends its thread when the bean is destroyed.
 */
public interface SweepingBean extends SmartLifecycle {

	/**
	 * The bean's sweep.
	 * @return the sweep
	 */
	PeriodicSweep periodicSweep();

	@Override
	default void start() {
		periodicSweep().start();
	}

	@Override
	default void stop() {
		periodicSweep().stop();
	}

	@Override
	default boolean isRunning() {
		return periodicSweep().isRunning();
	}

	/** Stops the sweep for good and ends its thread, when the context closes. */
	default void shutdown() {
		periodicSweep().shutdown();
	}

}

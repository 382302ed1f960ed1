package io.wsstreams.connection;

import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Creates the few threads of ws-streams' own: daemon threads named
 * {@code ws-streams-<purpose>-N}, so that they show their purpose in a thread dump and
 * never hold the JVM open.
 */
final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * A thread factory.
	 * @param purpose the purpose, such as {@code heartbeat}
	 * @return the factory
	 */
	public static CustomizableThreadFactory factory(String purpose) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("ws-streams-" + purpose + "-");
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * A single-thread scheduler whose cancelled tasks leave its queue at once.
	 * @param purpose the purpose, such as {@code heartbeat}
	 * @return the scheduler
	 */
	public static ScheduledThreadPoolExecutor timer(String purpose) {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, factory(purpose));
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

}

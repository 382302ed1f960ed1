package io.wsstreams.dispatch;

/**
 * Observes handler dispatches, for metrics.
 */
@FunctionalInterface
public interface DispatchObserver {

	/**
	 * Records one dispatch.
	 * @param feature the feature
	 * @param action the action
	 * @param nanos how long the handler took
	 */
	void dispatched(String feature, String action, long nanos);

}

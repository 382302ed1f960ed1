package io.wsstreams.observation;

import io.micrometer.common.KeyValues;

/**
 * The default names and key values of {@code ws.streams.dispatch}: low cardinality
 * {@code feature}, {@code action} and {@code outcome} (the tags of the
 * {@code ws.streams.dispatch} timer), high cardinality {@code stream}.
 */
public class DefaultDispatchObservationConvention implements DispatchObservationConvention {

	/** The observation's name, and so the timer's. */
	public static final String NAME = "ws.streams.dispatch";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(DispatchContext context) {
		return "ws-streams " + context.feature() + "." + context.action();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DispatchContext context) {
		return KeyValues.of("feature", context.feature(), "action", context.action(), "outcome", context.outcome());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DispatchContext context) {
		return KeyValues.of("stream", context.stream());
	}

}

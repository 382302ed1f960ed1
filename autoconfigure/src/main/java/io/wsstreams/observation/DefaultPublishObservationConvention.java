package io.wsstreams.observation;

import io.micrometer.common.KeyValues;

/**
 * The default names and key values of {@code ws.streams.publish}: low cardinality
 * {@code feature}, {@code strategy} and {@code outcome}, high cardinality {@code stream}.
 */
public class DefaultPublishObservationConvention implements PublishObservationConvention {

	/** The observation's name, and so the timer's. */
	public static final String NAME = "ws.streams.publish";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(PublishContext context) {
		return "ws-streams publish " + context.feature();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PublishContext context) {
		return KeyValues.of("feature", context.feature(), "strategy", context.strategy(), "outcome",
				context.outcome());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PublishContext context) {
		return KeyValues.of("stream", context.stream());
	}

}

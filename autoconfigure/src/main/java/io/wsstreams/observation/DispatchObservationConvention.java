package io.wsstreams.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@code ws.streams.dispatch} observations. Declare a bean of this type to
 * add or change key values; {@link DefaultDispatchObservationConvention} is the default.
 */
public interface DispatchObservationConvention extends ObservationConvention<DispatchContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DispatchContext;
	}

}

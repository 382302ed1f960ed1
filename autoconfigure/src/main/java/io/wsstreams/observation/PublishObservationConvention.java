package io.wsstreams.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@code ws.streams.publish} observations. Declare a bean of this type to
 * add or change key values; {@link DefaultPublishObservationConvention} is the default.
 */
public interface PublishObservationConvention extends ObservationConvention<PublishContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PublishContext;
	}

}

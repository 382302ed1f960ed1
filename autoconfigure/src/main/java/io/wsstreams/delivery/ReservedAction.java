package io.wsstreams.delivery;

import io.wsstreams.connection.StreamConnection;
import io.wsstreams.feature.FeatureDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An action that a delivery answers itself for every feature it serves, such as
 * {@code history} for {@code streams} features. No handler method may take its name.
 */
@FunctionalInterface
public interface ReservedAction {

	/**
	 * Answers the action.
	 * @param connection the connection that sent it
	 * @param feature the feature
	 * @param data the frame's {@code data}
	 * @return the reply's data as JSON text
	 * @throws io.wsstreams.StreamValidationException when the data is invalid
	 */
	String answer(StreamConnection connection, FeatureDefinition feature, @Nullable JsonNode data);

}

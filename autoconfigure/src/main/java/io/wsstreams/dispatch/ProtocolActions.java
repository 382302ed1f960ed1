package io.wsstreams.dispatch;

import io.wsstreams.StreamValidationException;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.InboundFrame;

/**
 * Handles the actions the protocol reserves for a feature, such as {@code history} on
 * {@code streams} features.
 */
@FunctionalInterface
public interface ProtocolActions {

	/**
	 * Handles a reserved action.
	 * @param connection the connection
	 * @param feature the feature
	 * @param frame the frame
	 * @return the reply's data as JSON text
	 * @throws StreamValidationException when the frame's data is invalid
	 */
	String handle(StreamConnection connection, FeatureDefinition feature, InboundFrame frame);

}

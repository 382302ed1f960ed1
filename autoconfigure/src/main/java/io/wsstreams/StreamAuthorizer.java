package io.wsstreams;

import org.jspecify.annotations.Nullable;

/**
 * Decides which users may use which features on which streams. Declare a bean of this
 * type to replace the default, which allows everything.
 *
 * <p>A denied feature at connect closes the socket with {@code 4403 Forbidden: <feature>};
 * a denied action answers the frame with a {@code FORBIDDEN} error.
 */
public interface StreamAuthorizer {

	/**
	 * Whether a user may select a feature on a stream. Called once per selected feature
	 * when a connection opens.
	 * @param user the user, or {@code null} when anonymous
	 * @param stream the stream
	 * @param feature the feature
	 * @return {@code true} to allow
	 */
	default boolean canSubscribe(@Nullable StreamUser user, String stream, String feature) {
		return true;
	}

	/**
	 * Whether a user may perform an action of a feature on a stream. Called for every
	 * inbound frame before its handler runs.
	 * @param user the user, or {@code null} when anonymous
	 * @param stream the stream
	 * @param feature the feature
	 * @param action the action
	 * @return {@code true} to allow
	 */
	default boolean canSend(@Nullable StreamUser user, String stream, String feature, String action) {
		return true;
	}

}

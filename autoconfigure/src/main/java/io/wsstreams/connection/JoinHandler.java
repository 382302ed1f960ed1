package io.wsstreams.connection;

import io.wsstreams.feature.FeatureDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Subscribes a welcomed connection to a feature's topic and sends the feature's join
 * frames; reverses it on close. Strategies that replay history or track presence
 * implement it.
 */
public interface JoinHandler {

	/**
	 * Joins a connection to a feature's topic.
	 * @param connection the welcomed connection
	 * @param feature the feature
	 * @param since the client's resume point for the feature, or {@code null}
	 */
	void join(StreamConnection connection, FeatureDefinition feature, @Nullable String since);

	/**
	 * Called after a connection closed and left its topics.
	 * @param connection the connection
	 * @param feature the feature
	 */
	default void leave(StreamConnection connection, FeatureDefinition feature) {
	}

}

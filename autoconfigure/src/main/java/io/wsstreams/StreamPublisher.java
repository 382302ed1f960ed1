package io.wsstreams;

import org.jspecify.annotations.Nullable;

/**
 * Publishes to stream topics and to users from application code, on any node.
 *
 * <p>Publications from this API have {@code "from": null}. Every method returns once
 * the message is handed to the broker (and, for {@code streams} features, appended to
 * the topic's log); delivery to sockets never blocks the caller.
 */
public interface StreamPublisher {

	/** The event of publications that name none. */
	String DEFAULT_EVENT = "message";

	/**
	 * Publishes a {@code message} event to a feature's topic on a stream.
	 * @param stream the stream, such as {@code channel:123}
	 * @param feature a declared feature
	 * @param data the payload
	 * @return the result, with the log id for {@code streams} features
	 * @throws IllegalArgumentException when the stream is malformed or the feature unknown
	 */
	default PublishResult publish(String stream, String feature, @Nullable Object data) {
		return publish(stream, feature, DEFAULT_EVENT, data);
	}

	/**
	 * Publishes an event to a feature's topic on a stream.
	 * @param stream the stream, such as {@code channel:123}
	 * @param feature a declared feature
	 * @param event the event name
	 * @param data the payload
	 * @return the result, with the log id for {@code streams} features
	 * @throws IllegalArgumentException when the stream is malformed or the feature unknown
	 */
	PublishResult publish(String stream, String feature, String event, @Nullable Object data);

	/**
	 * Sends a {@code message} event to every connection of a user that selected the
	 * feature, on any stream and node. This is a live, {@code pub-sub} delivery whatever
	 * the feature's strategy.
	 * @param userId the user
	 * @param feature a declared feature
	 * @param data the payload
	 */
	default void publishToUser(String userId, String feature, @Nullable Object data) {
		publishToUser(userId, feature, DEFAULT_EVENT, data);
	}

	/**
	 * Sends an event to every connection of a user that selected the feature, on any
	 * stream and node.
	 * @param userId the user
	 * @param feature a declared feature
	 * @param event the event name
	 * @param data the payload
	 */
	void publishToUser(String userId, String feature, String event, @Nullable Object data);

}

package io.wsstreams;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The connection a handler method runs for, and publishing on its stream.
 *
 * <p>Publications made through a context carry the connection's user as {@code from}.
 */
public interface StreamContext {

	/**
	 * The connection's id, as sent in its {@code welcome} frame.
	 * @return the connection id
	 */
	String connectionId();

	/**
	 * The stream the connection joined.
	 * @return the stream name, such as {@code channel:123}
	 */
	String stream();

	/**
	 * The user of the connection's session.
	 * @return the user, or {@code null} for an anonymous connection
	 */
	@Nullable StreamUser user();

	/**
	 * The feature this context was created for.
	 * @return the feature name
	 */
	String feature();

	/**
	 * The principal the connection was opened with: Spring Security's
	 * {@code Authentication} when it authenticated the handshake (from the session or
	 * without one), else the {@link #user()}.
	 * @return the principal, or {@code null} for an anonymous connection
	 */
	default @Nullable Principal principal() {
		return user();
	}

	/**
	 * The features the connection selected, in the order it named them.
	 * @return the feature names
	 */
	List<String> clients();

	/**
	 * Publishes an event to every connection on this feature's topic of the stream,
	 * including this one.
	 * @param event the event name
	 * @param data the payload
	 * @return the result, with the log id for {@code streams} features
	 */
	PublishResult publish(String event, @Nullable Object data);

	/**
	 * Publishes an event to every other connection on this feature's topic of the stream.
	 * For {@code streams} features the entry is logged for everyone and this connection
	 * receives it too: the log has one order for all subscribers.
	 * @param event the event name
	 * @param data the payload
	 * @return the result, with the log id for {@code streams} features
	 */
	PublishResult publishToOthers(String event, @Nullable Object data);

	/**
	 * Sends an event of this feature to this connection only.
	 * @param event the event name
	 * @param data the payload
	 */
	void send(String event, @Nullable Object data);

}

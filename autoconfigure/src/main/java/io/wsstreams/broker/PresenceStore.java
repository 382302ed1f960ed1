package io.wsstreams.broker;

import java.time.Duration;
import java.util.List;

import io.wsstreams.PresenceUser;
import org.jspecify.annotations.Nullable;

/**
 * Who is on which stream, per connection, with entries that expire unless refreshed, so
 * that the users of a node that died leave within the TTL.
 */
public interface PresenceStore {

	/**
	 * Adds a connection of a user.
	 * @param stream the stream
	 * @param user the user's id (the connection id when anonymous)
	 * @param anonymous whether the connection is anonymous
	 * @param connectionId the connection
	 * @param ttl how long the entry lives unless refreshed
	 * @return the user after the change, and whether this is their first connection
	 */
	Change join(String stream, String user, boolean anonymous, String connectionId, Duration ttl);

	/**
	 * Removes a connection.
	 * @param stream the stream
	 * @param user the user's id
	 * @param connectionId the connection
	 * @return the user when this was their last connection, else {@code null}
	 */
	@Nullable PresenceUser leave(String stream, String user, String connectionId);

	/**
	 * Changes a user's status.
	 * @param stream the stream
	 * @param user the user's id
	 * @param status the new status
	 * @return the user after the change, or {@code null} when not present
	 */
	@Nullable PresenceUser status(String stream, String user, String status);

	/**
	 * The users on a stream.
	 * @param stream the stream
	 * @return the users, by id
	 */
	List<PresenceUser> users(String stream);

	/**
	 * Extends a live connection's entry.
	 * @param stream the stream
	 * @param user the user's id
	 * @param connectionId the connection
	 * @param ttl the new time to live
	 */
	void refresh(String stream, String user, String connectionId, Duration ttl);

	/**
	 * Removes expired connection entries.
	 * @return the users who left because their last entry expired
	 */
	List<Departure> expire();

	/**
	 * The outcome of a join.
	 *
	 * @param user the user after the join
	 * @param first whether it was the user's first connection on the stream
	 */
	record Change(PresenceUser user, boolean first) {

	}

	/**
	 * A user who left a stream.
	 *
	 * @param stream the stream
	 * @param user the user
	 */
	record Departure(String stream, PresenceUser user) {

	}

}

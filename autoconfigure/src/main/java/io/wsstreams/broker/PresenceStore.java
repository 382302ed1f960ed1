package io.wsstreams.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import io.wsstreams.PresenceUser;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;

/**
 * Who is on which stream, per connection, with entries that expire unless refreshed, so
 * that the users of a node that died leave within the TTL.
 *
 * <p>A store announces its own changes: a change and its {@code join}, {@code leave} or
 * {@code update} event are one atomic step, so that every node receives a stream's
 * presence events in the order of the changes. Each change gets the next version of its
 * stream's presence, and its event is a {@link TopicMessage} on the presence topic whose
 * {@link TopicMessage#id() id} is {@link #versionId(long) that version}. A joining
 * connection receives the users together with the version they reflect, so that it can
 * drop the events of changes its list already shows and miss none of the others.
 */
public interface PresenceStore {

	/**
	 * Sets where a store that announces through this node delivers its events (the
	 * in-memory store hands them to the broker). Called once, before any other method. A
	 * networked store that publishes its events itself may ignore it.
	 * @param announcements receives the events
	 */
	default void start(Consumer<TopicMessage> announcements) {
	}

	/**
	 * Adds a connection of a user and, when it is the user's first, announces {@code join}
	 * with the user as its data.
	 * @param at the stream and feature, and the event's details
	 * @param user the user's id (the connection id when anonymous)
	 * @param anonymous whether the connection is anonymous
	 * @param connectionId the connection
	 * @param ttl how long the entry lives unless refreshed
	 * @return the users after the change, and the version they reflect
	 */
	Joined join(Announcement at, String user, boolean anonymous, String connectionId, Duration ttl);

	/**
	 * Removes a connection and, when it was the user's last, announces {@code leave} with
	 * {@code {"id":user}} as its data.
	 * @param at the stream and feature, and the event's details
	 * @param user the user's id
	 * @param connectionId the connection
	 * @return the user when this was their last connection, else {@code null}
	 */
	@Nullable PresenceUser leave(Announcement at, String user, String connectionId);

	/**
	 * Changes a user's status and announces {@code update} with
	 * {@code {"id":user,"status":status}} as its data.
	 * @param at the stream and feature, and the event's details
	 * @param user the user's id
	 * @param status the new status
	 * @return the user after the change, or {@code null} when not present
	 */
	@Nullable PresenceUser status(Announcement at, String user, String status);

	/**
	 * The users on a stream, ordered by id.
	 * @param stream the stream
	 * @return the users
	 */
	List<PresenceUser> users(String stream);

	/**
	 * Extends the entries of this node's live connections, all in one step.
	 * @param members the connections
	 * @param ttl the new time to live
	 */
	void refresh(Collection<Member> members, Duration ttl);

	/**
	 * Removes expired connection entries and announces {@code leave} for each user whose
	 * last entry expired, exactly once however many nodes expire at the same time.
	 * @param feature the presence feature's name
	 * @param streams the streams this node has presence connections on; a store may
	 * expire others too
	 * @return how many users left
	 */
	int expire(String feature, Collection<String> streams);

	/**
	 * The id that a presence event of the given version carries.
	 * @param version the version
	 * @return the id
	 */
	static StreamId versionId(long version) {
		return new StreamId(version, 0);
	}

	/**
	 * Where and how a change is announced.
	 *
	 * @param stream the stream
	 * @param feature the presence feature's name; the topic is the stream and this name
	 * @param timestamp the event's time in epoch milliseconds
	 * @param from the user the event is from, or {@code null}
	 * @param excludeConnectionId a connection that must not receive the event, or
	 * {@code null}
	 */
	record Announcement(String stream, String feature, long timestamp, @Nullable String from,
			@Nullable String excludeConnectionId) {

		/**
		 * An announcement of the store itself, such as the leave of an expired user.
		 * @param stream the stream
		 * @param feature the presence feature's name
		 * @return the announcement
		 */
		public static Announcement of(String stream, String feature) {
			return new Announcement(stream, feature, System.currentTimeMillis(), null, null);
		}

		/**
		 * The presence topic.
		 * @return the stream and the feature
		 */
		public String topic() {
			return StreamNames.topic(this.stream, this.feature);
		}

		/**
		 * The event of a change.
		 * @param frames encodes the frame
		 * @param event {@code join}, {@code leave} or {@code update}
		 * @param dataJson the event's data
		 * @param version the version of the change
		 * @return the message to deliver on the presence topic
		 */
		public TopicMessage message(OutboundFrames frames, String event, String dataJson, long version) {
			return new TopicMessage(topic(), this.feature,
					frames.event(this.feature, event, this.stream, null, this.timestamp, this.from, dataJson),
					this.excludeConnectionId, versionId(version));
		}

	}

	/**
	 * The outcome of a join.
	 *
	 * @param user the user after the join
	 * @param first whether it was the user's first connection on the stream
	 * @param users every user on the stream after the join, ordered by id
	 * @param version the presence version the users reflect
	 */
	record Joined(PresenceUser user, boolean first, List<PresenceUser> users, long version) {
	}

	/**
	 * A connection's presence entry.
	 *
	 * @param stream the stream
	 * @param user the user's id (the connection id when anonymous)
	 * @param connectionId the connection
	 */
	record Member(String stream, String user, String connectionId) {
	}

}

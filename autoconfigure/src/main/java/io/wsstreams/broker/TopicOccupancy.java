package io.wsstreams.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Who is subscribed to the channels of a namespace of topics, counted across every node
 * that shares the broker: the subscriptions of each channel and, on channels with
 * members, one member per user however many connections the user has.
 *
 * <p>Channels belong to spaces (a Pusher app); the topic of a channel is the namespace,
 * the space, {@code #} and the channel. A store announces its own member changes: a
 * change and the frame that tells the channel's subscribers of it are one atomic step, so
 * that every node receives a channel's member changes in the order they happened; each
 * change counts up its space's version, which its announcement carries. Entries
 * expire unless refreshed, so that the subscriptions of a node that died leave within the
 * TTL, each once however many nodes expire at the same time.
 */
public interface TopicOccupancy {

	/**
	 * Sets where a store that announces through this node delivers its frames (the
	 * in-memory store hands them to the broker). Called once, before any other method. A
	 * networked store that publishes its frames itself may ignore it.
	 * @param announcements receives the frames
	 */
	default void start(Consumer<TopicMessage> announcements) {
	}

	/**
	 * Adds a subscription and, when it is its user's first on the channel, the user as a
	 * member, announcing {@code addedFrame} to the channel's other subscribers.
	 * @param subscription the subscription
	 * @param memberInfo the member's info, JSON text, or {@code null}
	 * @param maxMembers the most members the channel may have
	 * @param addedFrame the frame that announces a new member, or {@code null} for a
	 * channel without members
	 * @param ttl how long the entry lives unless refreshed
	 * @return what changed, or {@link Subscribed#FULL} when a new member would go over
	 * {@code maxMembers} (nothing changed then)
	 */
	Subscribed subscribe(Subscription subscription, @Nullable String memberInfo, int maxMembers,
			@Nullable String addedFrame, Duration ttl);

	/**
	 * Removes a subscription and, when it was its user's last on the channel, the member,
	 * announcing {@code removedFrame} to the channel's other subscribers.
	 * @param subscription the subscription
	 * @param removedFrame the frame that announces a member's leave, or {@code null} for
	 * a channel without members
	 * @return what changed; nothing when the entry was gone already
	 */
	Unsubscribed unsubscribe(Subscription subscription, @Nullable String removedFrame);

	/**
	 * The occupied channels of a space.
	 * @param space the space
	 * @return their counts, by channel name
	 */
	Map<String, Counts> channels(String space);

	/**
	 * The counts of one channel.
	 * @param space the space
	 * @param channel the channel
	 * @return its counts, zero when vacant
	 */
	Counts channel(String space, String channel);

	/**
	 * The members of a channel.
	 * @param space the space
	 * @param channel the channel
	 * @return the members, ordered by user
	 */
	List<Member> members(String space, String channel);

	/**
	 * Extends the entries of this node's subscriptions, all in one step.
	 * @param subscriptions the subscriptions
	 * @param ttl the new time to live
	 */
	void refresh(Collection<Subscription> subscriptions, Duration ttl);

	/**
	 * Removes the expired entries of a space and tells what that changed, so that the
	 * caller announces it; each change is reported to one caller only.
	 * @param space the space
	 * @return the members removed and channels vacated
	 */
	List<Expired> expire(String space);

	/**
	 * A subscription of a connection.
	 *
	 * @param space the space, such as an app id
	 * @param channel the channel
	 * @param connectionId the connection
	 * @param user the member's user on a channel with members, else {@code null}
	 */
	record Subscription(String space, String channel, String connectionId, @Nullable String user) {
	}

	/**
	 * What a subscription changed.
	 *
	 * @param accepted {@code false} when the channel was full
	 * @param occupied whether it was the channel's first subscription on any node
	 * @param memberAdded whether its user became a member
	 * @param members the channel's members after it, ordered by user (empty on channels
	 * without members)
	 * @param version the version of the space's members that the members reflect: the
	 * announcements of member changes carry the version of their change as their
	 * {@link TopicMessage#id() id}, so that a subscriber drops those its members already
	 * show
	 */
	record Subscribed(boolean accepted, boolean occupied, boolean memberAdded, List<Member> members, long version) {

		/** A subscription refused because the channel has its most members. */
		public static final Subscribed FULL = new Subscribed(false, false, false, List.of(), 0);

	}

	/**
	 * What removing a subscription changed.
	 *
	 * @param vacated whether it was the channel's last subscription on every node
	 * @param memberRemoved whether its user stopped being a member
	 */
	record Unsubscribed(boolean vacated, boolean memberRemoved) {

		/** Nothing changed. */
		public static final Unsubscribed NONE = new Unsubscribed(false, false);

	}

	/**
	 * The counts of a channel.
	 *
	 * @param subscriptions how many subscriptions it has
	 * @param users how many members it has
	 */
	record Counts(int subscriptions, int users) {
	}

	/**
	 * A member of a channel.
	 *
	 * @param user the user
	 * @param info the user's info, JSON text, or {@code null}
	 */
	record Member(String user, @Nullable String info) {
	}

	/**
	 * A change that expiring entries made.
	 *
	 * @param channel the channel
	 * @param removedUser the member removed, or {@code null}
	 * @param vacated whether the channel was vacated
	 */
	record Expired(String channel, @Nullable String removedUser, boolean vacated) {
	}

}

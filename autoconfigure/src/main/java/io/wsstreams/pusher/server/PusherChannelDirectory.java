package io.wsstreams.pusher.server;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What every node together knows of an app's Pusher channels: which are occupied, by how
 * many subscriptions and users, who is on a presence channel, and the connections of a
 * signed-in user. The HTTP API answers from it, so its answers cover all nodes that share
 * the broker.
 */
public interface PusherChannelDirectory {

	/**
	 * The occupied channels of an app.
	 * @param appId the app id
	 * @param prefix only channels whose names start with it, or {@code null} for all
	 * @return the channels by name, each with its counts
	 */
	Map<String, PusherChannelInfo> channels(String appId, @Nullable String prefix);

	/**
	 * One channel of an app.
	 * @param appId the app id
	 * @param channel the channel name
	 * @return its counts; {@link PusherChannelInfo#VACANT} when nobody is subscribed
	 */
	PusherChannelInfo channel(String appId, String channel);

	/**
	 * The members of a presence channel, one per user however many connections the user
	 * has.
	 * @param appId the app id
	 * @param channel a {@code presence-} channel
	 * @return the members, ordered by user id
	 */
	List<PusherMember> members(String appId, String channel);

	/**
	 * Closes every connection of a user who signed in with {@code pusher:signin}, on
	 * every node, as Pusher's "terminate user connections" does.
	 * @param appId the app id
	 * @param userId the user id
	 */
	void terminate(String appId, String userId);

	/**
	 * The counts of a channel.
	 *
	 * @param subscriptionCount how many connections are subscribed
	 * @param userCount how many distinct users are on it (presence channels), else 0
	 */
	record PusherChannelInfo(int subscriptionCount, int userCount) {

		/** A channel nobody is subscribed to. */
		public static final PusherChannelInfo VACANT = new PusherChannelInfo(0, 0);

		/**
		 * Whether anybody is subscribed.
		 * @return {@code true} when occupied
		 */
		public boolean occupied() {
			return this.subscriptionCount > 0;
		}

	}

	/**
	 * A member of a presence channel.
	 *
	 * @param userId the {@code user_id} of its channel data
	 * @param userInfo the JSON text of its {@code user_info}, or {@code null}
	 */
	record PusherMember(String userId, @Nullable String userInfo) {
	}

}

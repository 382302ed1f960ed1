package io.wsstreams.pusher.server;

import org.jspecify.annotations.Nullable;

/**
 * One event of Pusher's webhooks, as its JSON shows it.
 *
 * @param name {@code channel_occupied}, {@code channel_vacated}, {@code member_added},
 * {@code member_removed} or {@code client_event}
 * @param channel the channel
 * @param userId the member of {@code member_added} and {@code member_removed}, or the
 * sender of a {@code client_event} on a presence channel; else {@code null}
 * @param event the event name of a {@code client_event}, else {@code null}
 * @param data the data of a {@code client_event} as the client sent it (a string), else
 * {@code null}
 * @param socketId the sender of a {@code client_event}, else {@code null}
 * @param timeMs when it happened, in epoch milliseconds
 */
public record PusherActivity(String name, String channel, @Nullable String userId, @Nullable String event,
		@Nullable String data, @Nullable String socketId, long timeMs) {

	/** A channel got its first subscriber, on any node. */
	public static final String CHANNEL_OCCUPIED = "channel_occupied";

	/** A channel lost its last subscriber, on every node. */
	public static final String CHANNEL_VACATED = "channel_vacated";

	/** A user's first connection subscribed to a presence channel. */
	public static final String MEMBER_ADDED = "member_added";

	/** A user's last connection left a presence channel. */
	public static final String MEMBER_REMOVED = "member_removed";

	/** A client sent a {@code client-} event. */
	public static final String CLIENT_EVENT = "client_event";

	/**
	 * A channel event.
	 * @param name {@link #CHANNEL_OCCUPIED} or {@link #CHANNEL_VACATED}
	 * @param channel the channel
	 * @return the event, timed now
	 */
	public static PusherActivity channel(String name, String channel) {
		return new PusherActivity(name, channel, null, null, null, null, System.currentTimeMillis());
	}

	/**
	 * A member event.
	 * @param name {@link #MEMBER_ADDED} or {@link #MEMBER_REMOVED}
	 * @param channel the presence channel
	 * @param userId the member
	 * @return the event, timed now
	 */
	public static PusherActivity member(String name, String channel, String userId) {
		return new PusherActivity(name, channel, userId, null, null, null, System.currentTimeMillis());
	}

	/**
	 * A client event.
	 * @param channel the channel
	 * @param event the event name
	 * @param data the data
	 * @param socketId the sender
	 * @param userId the sender's user on a presence channel, or {@code null}
	 * @return the event, timed now
	 */
	public static PusherActivity clientEvent(String channel, String event, String data, String socketId,
			@Nullable String userId) {
		return new PusherActivity(CLIENT_EVENT, channel, userId, event, data, socketId, System.currentTimeMillis());
	}

}

package io.wsstreams.pusher.server;

import java.util.Collection;
import java.util.List;

import io.wsstreams.pusher.PusherNames;
import org.jspecify.annotations.Nullable;

/**
 * Triggers Pusher events from application code, as Pusher's server libraries do through
 * the HTTP API: to the subscribers of one or more channels, on every node.
 *
 * <pre class="code">
 * events.trigger("app-id", "orders", "order-shipped", "{\"id\":42}");
 * </pre>
 */
public final class PusherEvents {

	/** The most channels one event is triggered on, as Pusher allows. */
	public static final int MAX_CHANNELS = 100;

	private final PusherApps apps;

	private final PusherChannels channels;

	/**
	 * Creates the API.
	 * @param apps the apps
	 * @param channels the channels, which publish through the broker
	 */
	public PusherEvents(PusherApps apps, PusherChannels channels) {
		this.apps = apps;
		this.channels = channels;
	}

	/**
	 * Triggers an event on a channel.
	 * @param appId the app id
	 * @param channel the channel
	 * @param event the event name
	 * @param data the data, usually JSON text, which clients receive as a string
	 * @throws IllegalArgumentException when the app is unknown or a name is invalid
	 */
	public void trigger(String appId, String channel, String event, String data) {
		trigger(appId, List.of(channel), event, data, null);
	}

	/**
	 * Triggers an event on channels, except to one socket, as Pusher does for a
	 * {@code socket_id} given to the HTTP API.
	 * @param appId the app id
	 * @param channels 1 to {@value #MAX_CHANNELS} channels; a channel
	 * {@code #server-to-user-<id>} reaches the signed-in user's connections
	 * @param event the event name
	 * @param data the data, usually JSON text, which clients receive as a string
	 * @param excludeSocketId the socket that must not receive the event, usually the one
	 * whose request caused it, or {@code null}
	 * @throws IllegalArgumentException when the app is unknown or a name or the socket id
	 * is invalid
	 */
	public void trigger(String appId, Collection<String> channels, String event, String data,
			@Nullable String excludeSocketId) {
		PusherApp app = this.apps.byId(appId);
		if (app == null) {
			throw new IllegalArgumentException("No Pusher app with id '" + appId + "'");
		}
		if (channels.isEmpty() || channels.size() > MAX_CHANNELS) {
			throw new IllegalArgumentException("An event is triggered on 1 to " + MAX_CHANNELS + " channels");
		}
		for (String channel : channels) {
			String problem = channelProblem(channel);
			if (problem != null) {
				throw new IllegalArgumentException(problem + ": '" + channel + "'");
			}
		}
		String problem = PusherNames.eventNameProblem(event);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		if (excludeSocketId != null && !PusherNames.isValidSocketId(excludeSocketId)) {
			throw new IllegalArgumentException("Invalid socket id '" + excludeSocketId + "'");
		}
		for (String channel : channels) {
			this.channels.publish(app.id(), channel, event, data, excludeSocketId);
		}
	}

	/**
	 * Why an event cannot be triggered on a channel: the channel names that clients
	 * subscribe to, and {@code #server-to-user-<id>}, on which Pusher's server libraries
	 * send events to a signed-in user (see {@link #sendToUser}).
	 * @param channel the channel
	 * @return the reason, {@code null} when events can be triggered on it
	 */
	public static @Nullable String channelProblem(String channel) {
		if (PusherNames.isServerToUserChannel(channel)) {
			int length = channel.length() - PusherNames.SERVER_TO_USER_PREFIX.length();
			return (length >= 1 && length <= PusherLimits.MAX_USER_ID_LENGTH) ? null
					: "A user id has 1 to " + PusherLimits.MAX_USER_ID_LENGTH + " characters";
		}
		return PusherNames.channelNameProblem(channel);
	}

	/**
	 * Sends an event to every connection of a user who signed in with
	 * {@code pusher:signin}, on every node, as Pusher's "send event to user" does: the
	 * user's connections receive it on the channel {@code #server-to-user-<id>}.
	 * @param appId the app id
	 * @param userId the user id
	 * @param event the event name
	 * @param data the data, usually JSON text, which clients receive as a string
	 * @throws IllegalArgumentException when the app is unknown or a name is invalid
	 */
	public void sendToUser(String appId, String userId, String event, String data) {
		PusherApp app = this.apps.byId(appId);
		if (app == null) {
			throw new IllegalArgumentException("No Pusher app with id '" + appId + "'");
		}
		if (userId.isEmpty() || userId.length() > PusherLimits.MAX_USER_ID_LENGTH) {
			throw new IllegalArgumentException("A user id has 1 to " + PusherLimits.MAX_USER_ID_LENGTH + " characters");
		}
		String problem = PusherNames.eventNameProblem(event);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		this.channels.publish(app.id(), PusherNames.SERVER_TO_USER_PREFIX + userId, event, data, null);
	}

}

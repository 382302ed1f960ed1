package io.wsstreams.pusher;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A message of Pusher's protocol, as read from a client.
 *
 * @param event the event name, such as {@code pusher:subscribe} or {@code client-typing}
 * @param channel the channel, {@code null} for connection events
 * @param data the data as sent: an object for most {@code pusher:} events, a string or any
 * JSON value for client events; {@code null} when absent
 */
public record PusherMessage(String event, @Nullable String channel, @Nullable JsonNode data) {

	/**
	 * Whether the message is a client event.
	 * @return whether its event starts with {@code client-}
	 */
	public boolean isClientEvent() {
		return PusherNames.isClientEvent(this.event);
	}

	/**
	 * A string member of the data, for the data of {@code pusher:} events such as
	 * {@code channel}, {@code auth} and {@code channel_data} of {@code pusher:subscribe}.
	 * @param name the member's name
	 * @return its value, {@code null} when the data is no object or the member is absent
	 * or no string
	 */
	public @Nullable String dataString(String name) {
		if (this.data == null || !this.data.isObject()) {
			return null;
		}
		JsonNode member = this.data.get(name);
		return (member != null && member.isString()) ? member.asString() : null;
	}

}

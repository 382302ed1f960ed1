package io.wsstreams.pusher;

/**
 * The kinds of Pusher channels, told apart by their name's prefix.
 */
public enum PusherChannelType {

	/** Any channel without one of the prefixes below: no authorization. */
	PUBLIC(""),

	/** {@code private-}: authorized with a signature over socket id and channel name. */
	PRIVATE("private-"),

	/**
	 * {@code private-encrypted-}: authorized as a private channel; events are encrypted
	 * with a per-channel key.
	 */
	PRIVATE_ENCRYPTED("private-encrypted-"),

	/** {@code presence-}: authorized with the member's {@code channel_data} signed too. */
	PRESENCE("presence-");

	private final String prefix;

	PusherChannelType(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * Returns the name prefix of this kind.
	 * @return the prefix, empty for public channels
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * Whether subscribing needs an {@code auth} signed by the application.
	 * @return {@code true} for every kind but public channels
	 */
	public boolean requiresAuthorization() {
		return this != PUBLIC;
	}

	/**
	 * Whether clients may send {@code client-} events on channels of this kind: the
	 * authorized ones. Pusher's protocol accepts them on private and presence channels
	 * and does not prohibit them on encrypted ones, although Pusher's client libraries
	 * do not send them there.
	 * @return whether client events are accepted
	 */
	public boolean acceptsClientEvents() {
		return requiresAuthorization();
	}

	/**
	 * The kind of a channel.
	 * @param channelName the channel name
	 * @return its kind
	 */
	public static PusherChannelType of(String channelName) {
		if (channelName.startsWith(PRIVATE_ENCRYPTED.prefix)) {
			return PRIVATE_ENCRYPTED;
		}
		if (channelName.startsWith(PRIVATE.prefix)) {
			return PRIVATE;
		}
		if (channelName.startsWith(PRESENCE.prefix)) {
			return PRESENCE;
		}
		return PUBLIC;
	}

}

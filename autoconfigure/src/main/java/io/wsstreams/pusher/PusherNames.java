package io.wsstreams.pusher;

import java.security.SecureRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The rules for Pusher channel names, event names and socket ids.
 *
 * <p>Channel names, as Pusher documents them, have at most 164 characters, prefixes
 * included, of letters, digits and {@code _ - = @ , . ;}. {@code #} is reserved for
 * Pusher's own channels, such as {@code #server-to-user-<id>}, which applications cannot
 * create. Event names have at most 200 characters, as Pusher's server libraries check;
 * events sent by clients must start with {@code client-}. Socket ids have the form
 * {@code digits.digits}.
 */
public final class PusherNames {

	/** The longest channel name, in characters, prefix included. */
	public static final int MAX_CHANNEL_NAME_LENGTH = 164;

	/** The longest event name, in characters. */
	public static final int MAX_EVENT_NAME_LENGTH = 200;

	/** The prefix of the events clients send to each other. */
	public static final String CLIENT_EVENT_PREFIX = "client-";

	/** The prefix of the reserved channels that carry events sent to one user. */
	public static final String SERVER_TO_USER_PREFIX = "#server-to-user-";

	private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9_\\-=@,.;]+");

	private static final Pattern SOCKET_ID = Pattern.compile("[0-9]+\\.[0-9]+");

	private static final SecureRandom RANDOM = new SecureRandom();

	private PusherNames() {
	}

	/**
	 * Why a channel name is not one an application or client may use.
	 * @param channelName the name
	 * @return the reason, {@code null} when the name is valid
	 */
	public static @Nullable String channelNameProblem(String channelName) {
		if (channelName.isEmpty()) {
			return "Channel name must not be empty";
		}
		if (channelName.length() > MAX_CHANNEL_NAME_LENGTH) {
			return "Channel name must have at most " + MAX_CHANNEL_NAME_LENGTH + " characters";
		}
		if (channelName.indexOf('#') >= 0) {
			return "Channel name must not contain '#', reserved for Pusher's own channels";
		}
		if (!CHANNEL_NAME.matcher(channelName).matches()) {
			return "Channel name may only contain letters, digits and _ - = @ , . ;";
		}
		PusherChannelType type = PusherChannelType.of(channelName);
		if (type != PusherChannelType.PUBLIC && channelName.length() == type.prefix().length()) {
			return "Channel name must not be a bare '" + type.prefix() + "' prefix";
		}
		return null;
	}

	/**
	 * Whether a channel name is one an application or client may use.
	 * @param channelName the name
	 * @return whether it is valid
	 */
	public static boolean isValidChannelName(String channelName) {
		return channelNameProblem(channelName) == null;
	}

	/**
	 * Whether a channel is the reserved channel of a user's server-to-user events.
	 * @param channelName the name
	 * @return whether it starts with {@code #server-to-user-}
	 */
	public static boolean isServerToUserChannel(String channelName) {
		return channelName.startsWith(SERVER_TO_USER_PREFIX);
	}

	/**
	 * Why an event name cannot be published.
	 * @param eventName the name
	 * @return the reason, {@code null} when the name is valid
	 */
	public static @Nullable String eventNameProblem(String eventName) {
		if (eventName.isEmpty()) {
			return "Event name must not be empty";
		}
		if (eventName.length() > MAX_EVENT_NAME_LENGTH) {
			return "Event name must have at most " + MAX_EVENT_NAME_LENGTH + " characters";
		}
		return null;
	}

	/**
	 * Why an event name cannot be sent by a client.
	 * @param eventName the name
	 * @return the reason, {@code null} when the name is a valid client event name
	 */
	public static @Nullable String clientEventNameProblem(String eventName) {
		if (!isClientEvent(eventName)) {
			return "Client event name must start with '" + CLIENT_EVENT_PREFIX + "'";
		}
		return eventNameProblem(eventName);
	}

	/**
	 * Whether an event is a client event.
	 * @param eventName the name
	 * @return whether it starts with {@code client-}
	 */
	public static boolean isClientEvent(String eventName) {
		return eventName.startsWith(CLIENT_EVENT_PREFIX);
	}

	/**
	 * Whether a string is a socket id.
	 * @param socketId the string, or {@code null}
	 * @return whether it has the form {@code digits.digits}
	 */
	public static boolean isValidSocketId(@Nullable String socketId) {
		return socketId != null && SOCKET_ID.matcher(socketId).matches();
	}

	/**
	 * A new random socket id, two numbers of up to nine digits joined by a dot, such as
	 * {@code 123456789.987654321}.
	 * @return the socket id
	 */
	public static String newSocketId() {
		return RANDOM.nextInt(1_000_000_000) + "." + RANDOM.nextInt(1_000_000_000);
	}

}

package io.wsstreams.pusher;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON bodies that an application's auth endpoints answer pusher-js with: channel
 * authorization for private, encrypted and presence channels, and user authentication
 * for {@code pusher:signin}.
 *
 * <pre class="code">
 * PusherAuthResponses responses = new PusherAuthResponses(app.signatures(), app.encryption());
 * return responses.channel(socketId, channelName);                    // private-, private-encrypted-
 * return responses.presence(socketId, channelName, "42", Map.of("name", "Ada"));
 * return responses.user(socketId, "42", Map.of("name", "Ada"));
 * </pre>
 *
 * <p>Each method checks the socket id and the channel name first: a socket id with a
 * {@code :} would otherwise let a client obtain a signature for another channel. The
 * answers are maps in the order Pusher documents their fields, for a controller to
 * return as JSON.
 */
public final class PusherAuthResponses {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final PusherSignatures signatures;

	private final @Nullable PusherEncryption encryption;

	/**
	 * Creates the responses of an app.
	 * @param signatures the app's signatures
	 * @param encryption the app's encryption master key, or {@code null} when it has none
	 * (then encrypted channels cannot be authorized)
	 */
	public PusherAuthResponses(PusherSignatures signatures, @Nullable PusherEncryption encryption) {
		this.signatures = signatures;
		this.encryption = encryption;
	}

	/**
	 * Authorizes a socket on a private or encrypted channel: {@code {"auth":...}}, with
	 * the channel's {@code shared_secret} (base64) for a {@code private-encrypted-}
	 * channel.
	 * @param socketId the socket id
	 * @param channelName a {@code private-} or {@code private-encrypted-} channel
	 * @return the response's fields
	 * @throws IllegalArgumentException when the socket id or channel name is invalid, the
	 * channel is not private, or it is encrypted and the app has no master key
	 */
	public Map<String, String> channel(String socketId, String channelName) {
		check(socketId, channelName);
		PusherChannelType type = PusherChannelType.of(channelName);
		if (type != PusherChannelType.PRIVATE && type != PusherChannelType.PRIVATE_ENCRYPTED) {
			throw new IllegalArgumentException("Not a private channel: '" + channelName + "'");
		}
		Map<String, String> response = new LinkedHashMap<>();
		response.put("auth", this.signatures.authorizeChannel(socketId, channelName));
		if (type == PusherChannelType.PRIVATE_ENCRYPTED) {
			PusherEncryption keys = this.encryption;
			if (keys == null) {
				throw new IllegalArgumentException("The app has no encryption master key");
			}
			response.put("shared_secret", keys.sharedSecretBase64(channelName));
		}
		return response;
	}

	/**
	 * Authorizes a socket on a presence channel as a member:
	 * {@code {"auth":...,"channel_data":...}}.
	 * @param socketId the socket id
	 * @param channelName a {@code presence-} channel
	 * @param userId the member's user id
	 * @param userInfo what the other members learn of the user, or {@code null}
	 * @return the response's fields
	 * @throws IllegalArgumentException when the socket id or channel name is invalid, or
	 * the channel is not a presence channel
	 */
	public Map<String, String> presence(String socketId, String channelName, String userId,
			@Nullable Map<String, ?> userInfo) {
		ObjectNode data = MAPPER.createObjectNode();
		data.put("user_id", userId);
		if (userInfo != null) {
			data.set("user_info", MAPPER.valueToTree(userInfo));
		}
		return presence(socketId, channelName, MAPPER.writeValueAsString(data));
	}

	/**
	 * Authorizes a socket on a presence channel with channel data the application wrote
	 * itself, signed exactly as given.
	 * @param socketId the socket id
	 * @param channelName a {@code presence-} channel
	 * @param channelData a JSON object with {@code user_id} and, optionally,
	 * {@code user_info}
	 * @return the response's fields
	 * @throws IllegalArgumentException when the socket id or channel name is invalid, or
	 * the channel is not a presence channel
	 */
	public Map<String, String> presence(String socketId, String channelName, String channelData) {
		check(socketId, channelName);
		if (PusherChannelType.of(channelName) != PusherChannelType.PRESENCE) {
			throw new IllegalArgumentException("Not a presence channel: '" + channelName + "'");
		}
		Map<String, String> response = new LinkedHashMap<>();
		response.put("auth", this.signatures.authorizePresenceChannel(socketId, channelName, channelData));
		response.put("channel_data", channelData);
		return response;
	}

	/**
	 * Authenticates a user for {@code pusher:signin}: {@code {"auth":...,"user_data":...}}.
	 * @param socketId the socket id
	 * @param userId the user id
	 * @param userInfo more about the user, written beside the {@code id} in the user
	 * data, or {@code null}
	 * @return the response's fields
	 * @throws IllegalArgumentException when the socket id is invalid or the user id empty
	 */
	public Map<String, String> user(String socketId, String userId, @Nullable Map<String, ?> userInfo) {
		if (userId.isEmpty()) {
			throw new IllegalArgumentException("A user id must not be empty");
		}
		ObjectNode data = MAPPER.createObjectNode();
		data.put("id", userId);
		if (userInfo != null) {
			userInfo.forEach((name, value) -> {
				if (!"id".equals(name)) {
					data.set(name, MAPPER.valueToTree(value));
				}
			});
		}
		return user(socketId, MAPPER.writeValueAsString(data));
	}

	/**
	 * Authenticates a user with user data the application wrote itself, signed exactly
	 * as given.
	 * @param socketId the socket id
	 * @param userData a JSON object with the user's {@code id}
	 * @return the response's fields
	 * @throws IllegalArgumentException when the socket id is invalid
	 */
	public Map<String, String> user(String socketId, String userData) {
		if (!PusherNames.isValidSocketId(socketId)) {
			throw new IllegalArgumentException("Invalid socket id");
		}
		Map<String, String> response = new LinkedHashMap<>();
		response.put("auth", this.signatures.authenticateUser(socketId, userData));
		response.put("user_data", userData);
		return response;
	}

	private static void check(String socketId, String channelName) {
		if (!PusherNames.isValidSocketId(socketId)) {
			throw new IllegalArgumentException("Invalid socket id");
		}
		String problem = PusherNames.channelNameProblem(channelName);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
	}

}

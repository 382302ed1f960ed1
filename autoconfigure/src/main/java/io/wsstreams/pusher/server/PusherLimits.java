package io.wsstreams.pusher.server;

import java.nio.charset.StandardCharsets;

import io.wsstreams.pusher.InvalidPusherMessageException;
import io.wsstreams.pusher.PusherCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The limits of presence channels, as Pusher sets them: how many members a channel may
 * have and how large a member's {@code user_info} may be; and the reading of the member a
 * subscription's {@code channel_data} names.
 *
 * @param maxPresenceMembers the most members of one presence channel
 * @param maxUserInfoBytes the largest {@code user_info}, in bytes of its JSON text
 */
public record PusherLimits(int maxPresenceMembers, int maxUserInfoBytes) {

	/** The longest user id, in characters. */
	public static final int MAX_USER_ID_LENGTH = 128;

	/** The status of a subscription refused because the member's info is too large. */
	static final int MEMBER_TOO_LARGE = 4301;

	/** Pusher's limits: 100 members, 1 KB of user info. */
	public static final PusherLimits DEFAULT = new PusherLimits(100, 1024);

	/**
	 * Reads the member a presence subscription's {@code channel_data} names.
	 * @param codec the codec
	 * @param channelData the channel data, a JSON object as text
	 * @return the member
	 * @throws InvalidPusherMessageException when it is not an object with a
	 * {@code user_id} that is a non-empty string or an integer
	 * @throws LimitExceededException when its {@code user_info} is too large
	 */
	PresenceMember member(PusherCodec codec, String channelData) {
		ObjectNode data = codec.readObject(channelData);
		String userId = userId(data.get("user_id"));
		if (userId == null) {
			throw new InvalidPusherMessageException("'channel_data' must have a 'user_id' that is a string of 1 to "
					+ MAX_USER_ID_LENGTH + " characters or an integer");
		}
		JsonNode info = data.get("user_info");
		if (info == null || info.isNull()) {
			return new PresenceMember(userId, null);
		}
		if (info.toString().getBytes(StandardCharsets.UTF_8).length > this.maxUserInfoBytes) {
			throw new LimitExceededException(
					"The maximum size for a channel member's user_info is " + this.maxUserInfoBytes + " bytes",
					MEMBER_TOO_LARGE);
		}
		return new PresenceMember(userId, info);
	}

	/**
	 * Reads a user id: a non-empty string of at most {@value #MAX_USER_ID_LENGTH}
	 * characters, or an integer, which Pusher's server libraries also send, as its
	 * decimal text.
	 * @param node the node
	 * @return the id, or {@code null} when the node is neither
	 */
	static @Nullable String userId(@Nullable JsonNode node) {
		if (node == null) {
			return null;
		}
		String id = null;
		if (node.isString()) {
			id = node.asString();
		}
		else if (node.isIntegralNumber()) {
			id = node.asString();
		}
		return (id != null && !id.isEmpty() && id.length() <= MAX_USER_ID_LENGTH) ? id : null;
	}

	/**
	 * A subscription over a limit.
	 */
	static final class LimitExceededException extends RuntimeException {

		private final int status;

		LimitExceededException(String message, int status) {
			super(message, null, false, false);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}

package io.wsstreams.pusher.auth;

import java.util.Map;

import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;

/**
 * Decides, for the ready auth endpoints, which signed-in user may subscribe to which
 * {@code private-}, {@code private-encrypted-} and {@code presence-} channel, and what the
 * other members and the user's sign-in learn of the user (its {@code user_info}). Declare a bean of this type to
 * replace the default, which lets every signed-in user subscribe to every channel and
 * tells nothing more than the user id.
 *
 * <pre class="code">
 * &#64;Bean
 * PusherAuthorizer pusherAuthorizer(Rooms rooms) {
 *     return new PusherAuthorizer() {
 *
 *         &#64;Override
 *         public boolean canSubscribe(StreamUser user, String appId, String channel) {
 *             return !channel.startsWith("presence-room-") || rooms.isMember(user.id(), channel);
 *         }
 *
 *         &#64;Override
 *         public Map&lt;String, ?&gt; userInfo(StreamUser user, String appId) {
 *             return Map.of("name", rooms.displayName(user.id()));
 *         }
 *
 *     };
 * }
 * </pre>
 */
public interface PusherAuthorizer {

	/** Every signed-in user may subscribe to every channel; nothing but the id is told. */
	PusherAuthorizer SIGNED_IN = new PusherAuthorizer() {
	};

	/**
	 * Whether a user may subscribe to a channel that needs authorization.
	 * @param user the signed-in user
	 * @param appId the app id
	 * @param channel a {@code private-}, {@code private-encrypted-} or {@code presence-}
	 * channel
	 * @return {@code false} to answer 403
	 */
	default boolean canSubscribe(StreamUser user, String appId, String channel) {
		return true;
	}

	/**
	 * What the other members of presence channels learn of a user: the
	 * {@code user_info} of its channel data, and of its user data at sign-in.
	 * @param user the signed-in user
	 * @param appId the app id
	 * @return the information, or {@code null} for none
	 */
	default @Nullable Map<String, ?> userInfo(StreamUser user, String appId) {
		return null;
	}

}

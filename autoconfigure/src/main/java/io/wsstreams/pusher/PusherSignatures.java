package io.wsstreams.pusher;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The signatures of one Pusher app, as Pusher Channels documents them: HMAC-SHA256 hex
 * digests keyed with the app's secret.
 *
 * <ul>
 * <li>Channel authorization, for {@code private-} and {@code private-encrypted-}
 * channels: {@code key:hex(HMAC(secret, "socket_id:channel_name"))}.</li>
 * <li>Presence channel authorization, with the {@code channel_data} JSON string:
 * {@code key:hex(HMAC(secret, "socket_id:channel_name:channel_data"))}.</li>
 * <li>User authentication for {@code pusher:signin}:
 * {@code key:hex(HMAC(secret, "socket_id::user::user_data"))}.</li>
 * <li>Webhooks: the {@code X-Pusher-Signature} header, {@code hex(HMAC(secret, body))}.</li>
 * </ul>
 *
 * <p>Every check compares in constant time.
 */
public final class PusherSignatures {

	private static final String HMAC_SHA256 = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private final String key;

	private final SecretKeySpec secret;

	/**
	 * Creates the signatures of an app.
	 * @param key the app key, the public part of each auth string
	 * @param secret the app secret
	 */
	public PusherSignatures(String key, String secret) {
		if (key.isEmpty() || secret.isEmpty()) {
			throw new IllegalArgumentException("The app key and secret must not be empty");
		}
		this.key = key;
		this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256);
	}

	/**
	 * Returns the app key.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * The auth string that authorizes a socket on a private or encrypted channel.
	 * @param socketId the socket id
	 * @param channelName the channel name
	 * @return {@code key:signature}
	 */
	public String authorizeChannel(String socketId, String channelName) {
		return this.key + ":" + sign(socketId + ":" + channelName);
	}

	/**
	 * The auth string that authorizes a socket on a presence channel.
	 * @param socketId the socket id
	 * @param channelName the channel name
	 * @param channelData the JSON string sent to the client as {@code channel_data},
	 * exactly as it is sent
	 * @return {@code key:signature}
	 */
	public String authorizePresenceChannel(String socketId, String channelName, String channelData) {
		return this.key + ":" + sign(socketId + ":" + channelName + ":" + channelData);
	}

	/**
	 * The auth string that signs a user in ({@code pusher:signin}).
	 * @param socketId the socket id
	 * @param userData the JSON string sent to the client as {@code user_data}, exactly as
	 * it is sent
	 * @return {@code key:signature}
	 */
	public String authenticateUser(String socketId, String userData) {
		return this.key + ":" + sign(socketId + "::user::" + userData);
	}

	/**
	 * Whether an auth string of a {@code pusher:subscribe} authorizes the socket on the
	 * channel.
	 * @param socketId the socket id
	 * @param channelName the channel name
	 * @param channelData the {@code channel_data} of a presence subscription, or
	 * {@code null}
	 * @param auth the auth string received
	 * @return whether it is the expected one
	 */
	public boolean verifyChannel(String socketId, String channelName, @Nullable String channelData,
			@Nullable String auth) {
		String expected = (channelData != null) ? authorizePresenceChannel(socketId, channelName, channelData)
				: authorizeChannel(socketId, channelName);
		return constantTimeEquals(expected, auth);
	}

	/**
	 * Whether an auth string of a {@code pusher:signin} signs the user in on the socket.
	 * @param socketId the socket id
	 * @param userData the {@code user_data} received
	 * @param auth the auth string received
	 * @return whether it is the expected one
	 */
	public boolean verifyUser(String socketId, String userData, @Nullable String auth) {
		return constantTimeEquals(authenticateUser(socketId, userData), auth);
	}

	/**
	 * The {@code X-Pusher-Signature} of a webhook body.
	 * @param body the body, as sent
	 * @return the lowercase hex signature
	 */
	public String webhookSignature(byte[] body) {
		return HEX.formatHex(hmac(body));
	}

	/**
	 * Whether an {@code X-Pusher-Signature} signs a webhook body.
	 * @param body the body, as received
	 * @param signature the header's value
	 * @return whether it is the expected one
	 */
	public boolean verifyWebhook(byte[] body, @Nullable String signature) {
		return constantTimeEquals(webhookSignature(body), signature);
	}

	/**
	 * The hex HMAC-SHA256 of a string, keyed with the app secret.
	 * @param stringToSign the string, signed as UTF-8
	 * @return the lowercase hex signature
	 */
	public String sign(String stringToSign) {
		return HEX.formatHex(hmac(stringToSign.getBytes(StandardCharsets.UTF_8)));
	}

	private byte[] hmac(byte[] input) {
		try {
			Mac mac = Mac.getInstance(HMAC_SHA256);
			mac.init(this.secret);
			return mac.doFinal(input);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/**
	 * Compares two strings in a time that does not depend on where they differ.
	 * @param expected the expected value
	 * @param actual the value received, or {@code null}
	 * @return whether they are equal
	 */
	public static boolean constantTimeEquals(String expected, @Nullable String actual) {
		if (actual == null) {
			return false;
		}
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				actual.getBytes(StandardCharsets.UTF_8));
	}

}

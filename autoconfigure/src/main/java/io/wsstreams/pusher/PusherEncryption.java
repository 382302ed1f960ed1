package io.wsstreams.pusher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The keys of end-to-end encrypted ({@code private-encrypted-}) channels, derived from an
 * app's 32-byte encryption master key as Pusher's server libraries derive them: the
 * SHA-256 of the UTF-8 channel name followed by the master key.
 *
 * <p>The server only hands the key out: the authorization response of an encrypted
 * channel carries it, base64-encoded, as {@code shared_secret}, next to an {@code auth}
 * signed as for a private channel. Events are encrypted by whoever publishes them; the
 * server never reads them.
 */
public final class PusherEncryption {

	/** The length of a master key and of a channel key, in bytes. */
	public static final int KEY_LENGTH = 32;

	private final byte[] masterKey;

	private PusherEncryption(byte[] masterKey) {
		if (masterKey.length != KEY_LENGTH) {
			throw new IllegalArgumentException(
					"The encryption master key must be " + KEY_LENGTH + " bytes, not " + masterKey.length);
		}
		this.masterKey = masterKey.clone();
	}

	/**
	 * Keys derived from a master key.
	 * @param masterKey the 32-byte master key
	 * @return the keys
	 */
	public static PusherEncryption of(byte[] masterKey) {
		return new PusherEncryption(masterKey);
	}

	/**
	 * Keys derived from a base64-encoded master key, as Pusher's libraries take it (for
	 * example from {@code openssl rand -base64 32}).
	 * @param masterKeyBase64 the master key, base64-encoded (44 characters)
	 * @return the keys
	 */
	public static PusherEncryption ofBase64(String masterKeyBase64) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(masterKeyBase64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The encryption master key must be base64-encoded", ex);
		}
		return new PusherEncryption(key);
	}

	/**
	 * The key of a channel.
	 * @param channelName the name of an encrypted channel
	 * @return its 32-byte key
	 */
	public byte[] sharedSecret(String channelName) {
		if (PusherChannelType.of(channelName) != PusherChannelType.PRIVATE_ENCRYPTED) {
			throw new IllegalArgumentException("'" + channelName + "' is not an encrypted channel");
		}
		byte[] name = channelName.getBytes(StandardCharsets.UTF_8);
		byte[] input = Arrays.copyOf(name, name.length + KEY_LENGTH);
		System.arraycopy(this.masterKey, 0, input, name.length, KEY_LENGTH);
		try {
			return MessageDigest.getInstance("SHA-256").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
		finally {
			Arrays.fill(input, (byte) 0);
		}
	}

	/**
	 * The key of a channel as the {@code shared_secret} of its authorization response:
	 * standard base64, padded.
	 * @param channelName the name of an encrypted channel
	 * @return the key, base64-encoded
	 */
	public String sharedSecretBase64(String channelName) {
		return Base64.getEncoder().encodeToString(sharedSecret(channelName));
	}

}

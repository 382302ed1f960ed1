package io.wsstreams.pusher.server;

import java.util.List;
import java.util.regex.Pattern;

import io.wsstreams.pusher.PusherEncryption;
import io.wsstreams.pusher.PusherSignatures;
import org.jspecify.annotations.Nullable;

/**
 * A Pusher app: the id server code triggers events with, the key clients connect with,
 * its signatures and what its clients may do.
 */
public final class PusherApp {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private final String id;

	private final PusherSignatures signatures;

	private final @Nullable PusherEncryption encryption;

	private final List<String> allowedOrigins;

	private final boolean clientEvents;

	private final @Nullable PusherLimits limits;

	/**
	 * Creates an app.
	 * @param id the app id, letters, digits and {@code _ . -}
	 * @param signatures the signatures of its key and secret
	 * @param encryption the keys of its encrypted channels, or {@code null}
	 * @param allowedOrigins the origins browsers may connect from, any when empty
	 * @param clientEvents whether clients may send {@code client-} events
	 * @throws IllegalArgumentException when the id is not valid
	 */
	public PusherApp(String id, PusherSignatures signatures, @Nullable PusherEncryption encryption,
			List<String> allowedOrigins, boolean clientEvents) {
		this(id, signatures, encryption, allowedOrigins, clientEvents, null);
	}

	/**
	 * Creates an app with limits of its own.
	 * @param id the app id, letters, digits and {@code _ . -}
	 * @param signatures the signatures of its key and secret
	 * @param encryption the keys of its encrypted channels, or {@code null}
	 * @param allowedOrigins the origins browsers may connect from, any when empty
	 * @param clientEvents whether clients may send {@code client-} events
	 * @param limits the limits of its presence channels, or {@code null} for the
	 * endpoint's
	 * @throws IllegalArgumentException when the id is not valid
	 */
	public PusherApp(String id, PusherSignatures signatures, @Nullable PusherEncryption encryption,
			List<String> allowedOrigins, boolean clientEvents, @Nullable PusherLimits limits) {
		if (!isValidId(id)) {
			throw new IllegalArgumentException("App id must be 1 to 64 letters, digits or _ . -");
		}
		this.id = id;
		this.signatures = signatures;
		this.encryption = encryption;
		this.allowedOrigins = List.copyOf(allowedOrigins);
		this.clientEvents = clientEvents;
		this.limits = limits;
	}

	/**
	 * Whether a string may be an app id.
	 * @param id the string
	 * @return whether it is 1 to 64 letters, digits or {@code _ . -}
	 */
	public static boolean isValidId(String id) {
		return ID.matcher(id).matches();
	}

	/**
	 * Returns the app id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Returns the app key.
	 * @return the key
	 */
	public String key() {
		return this.signatures.key();
	}

	/**
	 * Returns the signatures of the app's key and secret.
	 * @return the signatures
	 */
	public PusherSignatures signatures() {
		return this.signatures;
	}

	/**
	 * Returns the keys of the app's encrypted channels.
	 * @return the encryption, or {@code null} when no master key is configured
	 */
	public @Nullable PusherEncryption encryption() {
		return this.encryption;
	}

	/**
	 * Whether a client of an origin may connect. Only browsers send an {@code Origin}, and
	 * the check protects their users: a client without one, such as a server or a mobile
	 * app, may connect.
	 * @param origin the {@code Origin} header, or {@code null} when there is none
	 * @return {@code true} when there is no origin, any origin may connect, or the origin
	 * is one of the allowed ones
	 */
	public boolean allowsOrigin(@Nullable String origin) {
		return origin == null || this.allowedOrigins.isEmpty() || this.allowedOrigins.contains(origin);
	}

	/**
	 * Returns the limits of the app's presence channels.
	 * @return the limits, or {@code null} when the endpoint's apply
	 */
	public @Nullable PusherLimits limits() {
		return this.limits;
	}

	/**
	 * Whether clients may send {@code client-} events.
	 * @return whether client events are enabled
	 */
	public boolean clientEvents() {
		return this.clientEvents;
	}

}

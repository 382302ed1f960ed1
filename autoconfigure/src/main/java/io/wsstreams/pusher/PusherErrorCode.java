package io.wsstreams.pusher;

import org.jspecify.annotations.Nullable;

/**
 * The error codes of Pusher's protocol, sent as WebSocket close codes and in
 * {@code pusher:error} events, with the meaning Pusher documents for each.
 *
 * <p>The range of a code tells the client what to do: see {@link Reconnect}.
 */
public enum PusherErrorCode {

	/** 4000: the application only accepts TLS connections; reconnect with {@code wss://}. */
	SSL_ONLY(4000, "Application only accepts SSL connections, reconnect using wss://"),

	/** 4001: the application does not exist. */
	APP_NOT_FOUND(4001, "Application does not exist"),

	/** 4003: the application is disabled. */
	APP_DISABLED(4003, "Application disabled"),

	/** 4004: the application is over its connection quota. */
	OVER_CONNECTION_QUOTA(4004, "Application is over connection quota"),

	/** 4005: the path was not found. */
	PATH_NOT_FOUND(4005, "Path not found"),

	/** 4006: the version string has an invalid format. */
	INVALID_VERSION_FORMAT(4006, "Invalid version string format"),

	/** 4007: the protocol version is not supported. */
	UNSUPPORTED_PROTOCOL_VERSION(4007, "Unsupported protocol version"),

	/** 4008: no protocol version was supplied. */
	NO_PROTOCOL_VERSION(4008, "No protocol version supplied"),

	/** 4009: the connection is unauthorized. */
	UNAUTHORIZED(4009, "Connection is unauthorized"),

	/** 4100: over capacity; reconnect after backing off. */
	OVER_CAPACITY(4100, "Over capacity"),

	/** 4200: reconnect immediately. */
	GENERIC_RECONNECT(4200, "Generic reconnect immediately"),

	/** 4201: a ping was sent to the client, but no pong came back. */
	PONG_NOT_RECEIVED(4201, "Pong reply not received"),

	/** 4202: the client was inactive for a long time and does not support ping. */
	CLOSED_AFTER_INACTIVITY(4202, "Closed after inactivity"),

	/** 4301: a client event was rejected because of the rate limit. */
	CLIENT_EVENT_RATE_LIMIT(4301, "Client event rejected due to rate limit"),

	/** 4302: the watchlist was over the limit; only the first 100 user ids are accepted. */
	WATCHLIST_LIMIT_EXCEEDED(4302, "Watchlist limit exceeded. Only the first 100 user IDs are accepted.");

	private final int code;

	private final String message;

	PusherErrorCode(int code, String message) {
		this.code = code;
		this.message = message;
	}

	/**
	 * Returns the numeric code.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Returns the meaning Pusher documents for the code.
	 * @return the message
	 */
	public String message() {
		return this.message;
	}

	/**
	 * Returns what a client should do when a connection is closed with this code.
	 * @return the reconnect class of the code
	 */
	public Reconnect reconnect() {
		return Reconnect.of(this.code);
	}

	/**
	 * The documented error with a code.
	 * @param code the code
	 * @return the error, {@code null} when Pusher documents no error with that code
	 */
	public static @Nullable PusherErrorCode of(int code) {
		for (PusherErrorCode error : values()) {
			if (error.code == code) {
				return error;
			}
		}
		return null;
	}

	/**
	 * What a client should do after a connection is closed with a code of Pusher's
	 * ranges.
	 */
	public enum Reconnect {

		/** 4000-4099: the connection should not be re-established unchanged. */
		NEVER,

		/**
		 * 4100-4199: the connection should be re-established after backing off, at least
		 * one second.
		 */
		AFTER_BACKOFF,

		/** 4200-4299: the connection should be re-established immediately. */
		IMMEDIATELY,

		/**
		 * 4300-4399 and every other code: an error that is no instruction about
		 * reconnecting (4301 and 4302 are sent as {@code pusher:error} on an open
		 * connection).
		 */
		UNSPECIFIED;

		/**
		 * The reconnect class of a code.
		 * @param code the close or error code
		 * @return its class
		 */
		public static Reconnect of(int code) {
			if (code >= 4000 && code <= 4099) {
				return NEVER;
			}
			if (code >= 4100 && code <= 4199) {
				return AFTER_BACKOFF;
			}
			if (code >= 4200 && code <= 4299) {
				return IMMEDIATELY;
			}
			return UNSPECIFIED;
		}

	}

}

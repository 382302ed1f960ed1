package io.wsstreams.pusher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Checks and makes the signatures of requests to Pusher's HTTP API, as its "HTTP API
 * reference" documents them.
 *
 * <p>A request carries {@code auth_key}, {@code auth_timestamp} (seconds since the epoch),
 * {@code auth_version=1.0}, {@code body_md5} (the lowercase hex MD5 of the body, required
 * when the body is not empty) and {@code auth_signature}: the hex HMAC-SHA256, keyed with
 * the app secret, of the upper-case method, the path and the query parameters other than
 * {@code auth_signature}, keys lower-cased, sorted by key and joined as
 * {@code key=value&...} without URL escaping, the three joined by {@code \n}. A request
 * whose timestamp is more than the tolerance (600 seconds, as Pusher's) away from the
 * clock is refused.
 */
public final class PusherRequestAuthenticator {

	/** How far a request's timestamp may be from the clock. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(600);

	/** The only authentication version. */
	public static final String AUTH_VERSION = "1.0";

	private static final String AUTH_KEY = "auth_key";

	private static final String AUTH_TIMESTAMP = "auth_timestamp";

	private static final String AUTH_VERSION_PARAMETER = "auth_version";

	private static final String BODY_MD5 = "body_md5";

	private static final String AUTH_SIGNATURE = "auth_signature";

	private static final HexFormat HEX = HexFormat.of();

	private final PusherSignatures signatures;

	private final Clock clock;

	private final long toleranceSeconds;

	/**
	 * Creates an authenticator with Pusher's tolerance of 600 seconds.
	 * @param signatures the app's signatures
	 * @param clock the clock timestamps are checked against
	 */
	public PusherRequestAuthenticator(PusherSignatures signatures, Clock clock) {
		this(signatures, clock, DEFAULT_TOLERANCE);
	}

	/**
	 * Creates an authenticator.
	 * @param signatures the app's signatures
	 * @param clock the clock timestamps are checked against
	 * @param tolerance how far a timestamp may be from the clock
	 */
	public PusherRequestAuthenticator(PusherSignatures signatures, Clock clock, Duration tolerance) {
		if (tolerance.isNegative()) {
			throw new IllegalArgumentException("The tolerance must not be negative");
		}
		this.signatures = signatures;
		this.clock = clock;
		this.toleranceSeconds = tolerance.toSeconds();
	}

	/**
	 * Checks a request.
	 * @param method the HTTP method
	 * @param path the request path, as signed (for example {@code /apps/3/events})
	 * @param query the decoded query parameters
	 * @param body the request body, empty when there is none
	 * @return whether it is authentic, and why not
	 */
	public Result verify(String method, String path, Map<String, String> query, byte[] body) {
		Map<String, String> parameters = new TreeMap<>();
		for (Map.Entry<String, String> entry : query.entrySet()) {
			if (parameters.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()) != null) {
				return Result.refused("Query parameter '" + entry.getKey() + "' is given twice");
			}
		}
		String key = parameters.get(AUTH_KEY);
		if (key == null) {
			return Result.refused("Missing auth_key");
		}
		if (!PusherSignatures.constantTimeEquals(this.signatures.key(), key)) {
			return Result.refused("Unknown auth_key");
		}
		if (!AUTH_VERSION.equals(parameters.get(AUTH_VERSION_PARAMETER))) {
			return Result.refused("auth_version must be " + AUTH_VERSION);
		}
		Result timestamp = checkTimestamp(parameters.get(AUTH_TIMESTAMP));
		if (!timestamp.valid()) {
			return timestamp;
		}
		String bodyMd5 = parameters.get(BODY_MD5);
		if (bodyMd5 == null) {
			if (body.length > 0) {
				return Result.refused("Missing body_md5 for a non-empty body");
			}
		}
		else if (!PusherSignatures.constantTimeEquals(bodyMd5(body), bodyMd5)) {
			return Result.refused("body_md5 does not match the body");
		}
		String signature = parameters.remove(AUTH_SIGNATURE);
		if (signature == null) {
			return Result.refused("Missing auth_signature");
		}
		String expected = this.signatures.sign(stringToSign(method, path, parameters));
		if (!PusherSignatures.constantTimeEquals(expected, signature)) {
			return Result.refused("Invalid auth_signature");
		}
		return Result.OK;
	}

	private Result checkTimestamp(@Nullable String value) {
		if (value == null) {
			return Result.refused("Missing auth_timestamp");
		}
		long timestamp;
		try {
			timestamp = Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return Result.refused("auth_timestamp must be a number of seconds");
		}
		long now = this.clock.instant().getEpochSecond();
		if (Math.abs(now - timestamp) > this.toleranceSeconds) {
			return Result.refused("Timestamp expired: given timestamp (" + timestamp + ") not within "
					+ this.toleranceSeconds + "s of server time (" + now + ")");
		}
		return Result.OK;
	}

	/**
	 * Signs a request at the clock's time: the parameters to send, with the
	 * authentication parameters and the signature added.
	 * @param method the HTTP method
	 * @param path the request path
	 * @param parameters the other query parameters, none of them an authentication one
	 * @param body the request body, empty when there is none
	 * @return the query parameters to send
	 */
	public Map<String, String> sign(String method, String path, Map<String, String> parameters, byte[] body) {
		Map<String, String> signed = new LinkedHashMap<>(parameters);
		for (String name : parameters.keySet()) {
			String lowerCase = name.toLowerCase(Locale.ROOT);
			if (lowerCase.startsWith("auth_") || lowerCase.equals(BODY_MD5)) {
				throw new IllegalArgumentException("Query parameter '" + name + "' is added by signing");
			}
		}
		signed.put(AUTH_KEY, this.signatures.key());
		signed.put(AUTH_TIMESTAMP, Long.toString(this.clock.instant().getEpochSecond()));
		signed.put(AUTH_VERSION_PARAMETER, AUTH_VERSION);
		if (body.length > 0) {
			signed.put(BODY_MD5, bodyMd5(body));
		}
		signed.put(AUTH_SIGNATURE, this.signatures.sign(stringToSign(method, path, signed)));
		return signed;
	}

	/**
	 * The string a request's signature signs.
	 * @param method the HTTP method, upper-cased here
	 * @param path the request path
	 * @param query the query parameters; {@code auth_signature} is left out
	 * @return the method, the path and the canonical query, joined by newlines
	 */
	public static String stringToSign(String method, String path, Map<String, String> query) {
		Map<String, String> sorted = new TreeMap<>();
		query.forEach((name, value) -> sorted.put(name.toLowerCase(Locale.ROOT), value));
		sorted.remove(AUTH_SIGNATURE);
		StringJoiner canonical = new StringJoiner("&");
		sorted.forEach((name, value) -> canonical.add(name + "=" + value));
		return method.toUpperCase(Locale.ROOT) + "\n" + path + "\n" + canonical;
	}

	/**
	 * The lowercase hex MD5 of a body.
	 * @param body the body
	 * @return its {@code body_md5}
	 */
	public static String bodyMd5(byte[] body) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is not available", ex);
		}
	}

	/**
	 * The lowercase hex MD5 of a text body, as UTF-8.
	 * @param body the body
	 * @return its {@code body_md5}
	 */
	public static String bodyMd5(String body) {
		return bodyMd5(body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether a request is authentic, and why not.
	 * @param valid whether it is
	 * @param reason why it is not, {@code null} when it is
	 */
	public record Result(boolean valid, @Nullable String reason) {

		/** An authentic request. */
		public static final Result OK = new Result(true, null);

		/**
		 * A refused request.
		 * @param reason why
		 * @return the result
		 */
		public static Result refused(String reason) {
			return new Result(false, reason);
		}

	}

}

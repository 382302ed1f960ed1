package io.wsstreams;

import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * An application's answer to a failed action: an {@code error} frame with its own code and
 * message. Return it from a {@link StreamExceptionHandler @StreamExceptionHandler} method,
 * or throw a {@link StreamErrorException} from a handler.
 *
 * <p>Codes are upper case letters, digits and {@code _}, starting with a letter, at most
 * 64 characters. The protocol keeps {@link #RESERVED_CODES} for itself;
 * {@code FORBIDDEN} and {@code VALIDATION_FAILED} may be used with their protocol meaning.
 * The message reaches the client as it is: never put an exception's text or anything
 * secret in it.
 *
 * @param code the error code, such as {@code INSUFFICIENT_FUNDS}
 * @param message a message for people
 */
public record StreamError(String code, String message) {

	/** Codes that only the protocol sends. */
	public static final Set<String> RESERVED_CODES = Set.of("INVALID_MESSAGE", "UNKNOWN_TYPE", "UNKNOWN_ACTION",
			"RATE_LIMITED", "INTERNAL_ERROR");

	private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

	public StreamError {
		Assert.notNull(code, "Code must not be null");
		Assert.isTrue(CODE.matcher(code).matches(),
				() -> "Error code '" + code + "' must match " + CODE.pattern());
		Assert.isTrue(!RESERVED_CODES.contains(code),
				() -> "Error code '" + code + "' is reserved for the protocol; reserved: " + RESERVED_CODES);
		Assert.notNull(message, "Message must not be null");
	}

	/**
	 * An error with a code and a message.
	 * @param code the code
	 * @param message the message
	 * @return the error
	 */
	public static StreamError of(String code, String message) {
		return new StreamError(code, message);
	}

}

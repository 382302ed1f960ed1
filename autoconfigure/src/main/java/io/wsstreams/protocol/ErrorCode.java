package io.wsstreams.protocol;

/**
 * The error codes of {@code error} frames; the connection stays open after each.
 */
public enum ErrorCode {

	/** Not JSON, not an object, no string {@code type}, a binary frame, or over the JSON limits. */
	INVALID_MESSAGE,

	/** The {@code type} is not a feature this connection selected. */
	UNKNOWN_TYPE,

	/** The feature has no handler for the {@code action}. */
	UNKNOWN_ACTION,

	/** The {@code data} does not convert or fails Bean Validation. */
	VALIDATION_FAILED,

	/** The authorization hook denied the action. */
	FORBIDDEN,

	/** The connection exceeded its inbound rate; the frame was dropped. */
	RATE_LIMITED,

	/** The handler failed. */
	INTERNAL_ERROR

}

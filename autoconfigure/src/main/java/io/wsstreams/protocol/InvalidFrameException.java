package io.wsstreams.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A client frame that cannot be dispatched; answered with an {@code error} frame.
 */
public final class InvalidFrameException extends Exception {

	private final ErrorCode code;

	private final @Nullable String ref;

	public InvalidFrameException(ErrorCode code, String message, @Nullable String ref) {
		super(message, null, false, false);
		this.code = code;
		this.ref = ref;
	}

	public ErrorCode code() {
		return this.code;
	}

	/**
	 * The frame's {@code ref} when it could be read, so that the error still answers it.
	 * @return the ref or {@code null}
	 */
	public @Nullable String ref() {
		return this.ref;
	}

}

package io.wsstreams;

import java.util.List;

import io.wsstreams.protocol.OutboundFrames.FieldError;

/**
 * Thrown by a handler method to reject its payload: answered with a
 * {@code VALIDATION_FAILED} error listing the field errors.
 */
public class StreamValidationException extends RuntimeException {

	private final List<FieldError> errors;

	public StreamValidationException(String field, String message) {
		this(List.of(new FieldError(field, message)));
	}

	public StreamValidationException(List<FieldError> errors) {
		super("Invalid data", null, false, false);
		this.errors = List.copyOf(errors);
	}

	/**
	 * The field errors.
	 * @return the errors
	 */
	public List<FieldError> errors() {
		return this.errors;
	}

}

package io.wsstreams.dispatch;

import java.util.List;

import io.wsstreams.protocol.OutboundFrames.FieldError;

/**
 * Validates converted payloads, typically with Bean Validation.
 */
@FunctionalInterface
public interface PayloadValidator {

	/**
	 * Validates a payload.
	 * @param payload the converted payload
	 * @param groups the validation groups, empty for the default group
	 * @return the violations, empty when valid
	 */
	List<FieldError> validate(Object payload, Class<?>[] groups);

}

package io.wsstreams.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.wsstreams.protocol.OutboundFrames.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * A {@link PayloadValidator} backed by a Jakarta Bean Validation {@link Validator}.
 */
public final class BeanValidationPayloadValidator implements PayloadValidator {

	private final Validator validator;

	public BeanValidationPayloadValidator(Validator validator) {
		this.validator = validator;
	}

	@Override
	public List<FieldError> validate(Object payload, Class<?>[] groups) {
		List<FieldError> errors = new ArrayList<>();
		for (ConstraintViolation<Object> violation : this.validator.validate(payload, groups)) {
			String path = violation.getPropertyPath().toString();
			errors.add(new FieldError(path.isEmpty() ? "data" : path, violation.getMessage()));
		}
		errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
		return errors;
	}

}

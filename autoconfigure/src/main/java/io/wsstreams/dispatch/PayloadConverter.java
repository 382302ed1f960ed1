package io.wsstreams.dispatch;

import java.util.List;

import io.wsstreams.feature.HandlerMethod;
import io.wsstreams.protocol.OutboundFrames.FieldError;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Converts a frame's {@code data} to a handler's payload type with the application's
 * mapper and validates it.
 */
final class PayloadConverter {

	private final JsonMapper mapper;

	private final @Nullable PayloadValidator validator;

	PayloadConverter(JsonMapper mapper, @Nullable PayloadValidator validator) {
		this.mapper = mapper;
		this.validator = validator;
	}

	@Nullable Object convert(HandlerMethod handler, @Nullable JsonNode data) throws InvalidPayloadException {
		if (handler.payloadType() == null) {
			return null;
		}
		JavaType type = this.mapper.constructType(handler.payloadType());
		Object payload;
		try {
			payload = this.mapper.treeToValue((data != null) ? data : NullNode.getInstance(), type);
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException(List.of(new FieldError(path(ex), "Invalid value")));
		}
		if (handler.validatePayload()) {
			if (payload == null) {
				throw new InvalidPayloadException(List.of(new FieldError("data", "must not be null")));
			}
			if (this.validator != null) {
				List<FieldError> errors = this.validator.validate(payload, handler.validationGroups());
				if (!errors.isEmpty()) {
					throw new InvalidPayloadException(errors);
				}
			}
		}
		return payload;
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "data" : path.toString();
	}

	/**
	 * A payload that failed conversion or validation.
	 */
	static final class InvalidPayloadException extends Exception {

		private final List<FieldError> errors;

		InvalidPayloadException(List<FieldError> errors) {
			super(null, null, false, false);
			this.errors = errors;
		}

		List<FieldError> errors() {
			return this.errors;
		}

	}

}

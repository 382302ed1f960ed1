package io.wsstreams.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses client frames within the configured JSON limits.
 *
 * <p>Parsing uses its own mapper whose stream constraints bound nesting depth and
 * string length, so that a hostile frame costs at most a bounded parse. Payloads are
 * converted to handler types later, with the application's mapper.
 */
public final class InboundFrameReader {

	/** The longest {@code ref} accepted, in characters. */
	public static final int MAX_REF_LENGTH = 64;

	private final JsonMapper mapper;

	/**
	 * Creates a reader.
	 * @param maxDepth the deepest nesting of arrays and objects accepted
	 * @param maxStringLength the longest string value accepted, in characters
	 */
	public InboundFrameReader(int maxDepth, int maxStringLength) {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(maxDepth)
			.maxStringLength(maxStringLength)
			.maxNameLength(Math.min(maxStringLength, 50_000))
			.build();
		this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
	}

	/**
	 * Parses one text frame.
	 * @param text the frame's text
	 * @return the frame
	 * @throws InvalidFrameException with {@link ErrorCode#INVALID_MESSAGE} when it is not a
	 * valid frame
	 */
	public InboundFrame read(String text) throws InvalidFrameException {
		JsonNode root;
		try {
			root = this.mapper.readTree(text);
		}
		catch (StreamConstraintsException ex) {
			throw invalid("Message exceeds the JSON limits", null);
		}
		catch (JacksonException ex) {
			throw invalid("Message is not valid JSON", null);
		}
		if (root == null || !root.isObject()) {
			throw invalid("Message must be a JSON object", null);
		}
		String ref = readRef(root.get("ref"));
		JsonNode type = root.get("type");
		if (type == null || !type.isString()) {
			throw invalid("Message must have a string 'type'", ref);
		}
		JsonNode action = root.get("action");
		String actionName = InboundFrame.DEFAULT_ACTION;
		if (action != null && !action.isNull()) {
			if (!action.isString() || action.asString().isEmpty()) {
				throw invalid("'action' must be a non-empty string", ref);
			}
			actionName = action.asString();
		}
		JsonNode data = root.get("data");
		return new InboundFrame(type.asString(), actionName, ref, (data == null || data.isMissingNode()) ? null : data);
	}

	private static @Nullable String readRef(@Nullable JsonNode ref) throws InvalidFrameException {
		if (ref == null || ref.isNull()) {
			return null;
		}
		if (!ref.isString() || ref.asString().length() > MAX_REF_LENGTH) {
			throw invalid("'ref' must be a string of at most " + MAX_REF_LENGTH + " characters", null);
		}
		return ref.asString();
	}

	private static InvalidFrameException invalid(String message, @Nullable String ref) {
		return new InvalidFrameException(ErrorCode.INVALID_MESSAGE, message, ref);
	}

}

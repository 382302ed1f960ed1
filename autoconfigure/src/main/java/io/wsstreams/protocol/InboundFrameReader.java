package io.wsstreams.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
 *
 * <p>A frame is refused when its text is not valid Unicode: an unpaired surrogate, raw or
 * written as a JSON escape such as <code>"&#92;ud800"</code>, would otherwise reach handlers, logs
 * and every client it is published to, where no UTF-8 encoder can write it. A refused
 * frame keeps its {@code ref} whenever the {@code ref} could be read: from the parsed
 * frame, or, when the frame breaks the JSON syntax or limits, from the top-level members
 * before the offending value (clients write {@code type}, {@code action} and {@code ref}
 * first).
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
		this.mapper = boundedMapper(maxDepth, maxStringLength);
	}

	/**
	 * A mapper whose parsing is bounded, for reading what clients send.
	 * @param maxDepth the deepest nesting of arrays and objects accepted
	 * @param maxStringLength the longest string value accepted, in characters
	 * @return the mapper
	 */
	public static JsonMapper boundedMapper(int maxDepth, int maxStringLength) {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(maxDepth)
			.maxStringLength(maxStringLength)
			.maxNameLength(Math.min(maxStringLength, 50_000))
			.build();
		return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
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
			throw invalid("Message exceeds the JSON limits", peek(text).ref());
		}
		catch (JacksonException ex) {
			throw invalid("Message is not valid JSON", peek(text).ref());
		}
		if (root == null || !root.isObject()) {
			throw invalid("Message must be a JSON object", null);
		}
		String ref = readRef(root.get("ref"));
		if (mayHoldUnpairedSurrogate(text) && holdsUnpairedSurrogate(root)) {
			throw invalid("Message text must be valid Unicode", ref);
		}
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

	/**
	 * Reads only a frame's top-level {@code type} and {@code ref}, up to the first value it
	 * cannot read, without building the frame: what a frame over the inbound rate needs to
	 * be answered, at the cost of a scan.
	 * @param text the frame's text
	 * @return the type and ref found, each {@code null} when absent, not a valid string, or
	 * behind an invalid value
	 */
	public Peek peek(String text) {
		String type = null;
		String ref = null;
		boolean refSeen = false;
		try (JsonParser parser = this.mapper.createParser(text)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Peek.NONE;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (!refSeen && "ref".equals(name)) {
					refSeen = true;
					if (value == JsonToken.VALUE_STRING) {
						ref = validRef(parser.getString());
					}
				}
				else if (type == null && "type".equals(name) && value == JsonToken.VALUE_STRING) {
					type = parser.getString();
				}
				else {
					parser.skipChildren();
				}
				if (type != null && refSeen) {
					break;
				}
			}
		}
		catch (JacksonException ex) {
			// Keep what was read before the offending value.
		}
		return (type == null && ref == null) ? Peek.NONE : new Peek(type, ref);
	}

	private static @Nullable String readRef(@Nullable JsonNode ref) throws InvalidFrameException {
		if (ref == null || ref.isNull()) {
			return null;
		}
		String valid = ref.isString() ? validRef(ref.asString()) : null;
		if (valid == null) {
			throw invalid("'ref' must be a string of at most " + MAX_REF_LENGTH
					+ " characters of valid Unicode", null);
		}
		return valid;
	}

	private static @Nullable String validRef(String ref) {
		return (ref.length() <= MAX_REF_LENGTH && !OutboundFrame.hasUnpairedSurrogate(ref)) ? ref : null;
	}

	/**
	 * A cheap test that rules out unpaired surrogates for almost every frame: the text
	 * holds no surrogate and no escape that starts like one (<code>&#92;uD</code>).
	 */
	private static boolean mayHoldUnpairedSurrogate(String text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				return true;
			}
			if (c == '\\' && i + 2 < length && text.charAt(i + 1) == 'u'
					&& (text.charAt(i + 2) == 'd' || text.charAt(i + 2) == 'D')) {
				return true;
			}
		}
		return false;
	}

	/** Whether any name or string in a parsed frame holds an unpaired surrogate. */
	private static boolean holdsUnpairedSurrogate(JsonNode node) {
		if (node.isString()) {
			return OutboundFrame.hasUnpairedSurrogate(node.asString());
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (OutboundFrame.hasUnpairedSurrogate(property.getKey()) || holdsUnpairedSurrogate(property.getValue())) {
					return true;
				}
			}
		}
		else if (node.isArray()) {
			for (JsonNode element : node) {
				if (holdsUnpairedSurrogate(element)) {
					return true;
				}
			}
		}
		return false;
	}

	private static InvalidFrameException invalid(String message, @Nullable String ref) {
		return new InvalidFrameException(ErrorCode.INVALID_MESSAGE, message, ref);
	}

	/**
	 * The top-level {@code type} and {@code ref} of a frame, as far as they could be read.
	 *
	 * @param type the type, or {@code null}
	 * @param ref the ref, or {@code null}
	 */
	public record Peek(@Nullable String type, @Nullable String ref) {

		static final Peek NONE = new Peek(null, null);

	}

}

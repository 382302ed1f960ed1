package io.wsstreams.protocol;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes server frames.
 *
 * <p>Payloads are serialized once with the application's mapper; frames are then
 * assembled around that JSON, so a publication costs one serialization however many
 * connections receive it, and a user-targeted publication can be framed for each
 * stream without serializing its payload again.
 */
public final class OutboundFrames {

	private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

	private final JsonMapper mapper;

	public OutboundFrames(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Serializes a payload.
	 * @param data the payload, may be {@code null}
	 * @return its JSON text
	 */
	public String json(@Nullable Object data) {
		return (data != null) ? this.mapper.writeValueAsString(data) : "null";
	}

	/**
	 * A feature event: {@code {"type","event","stream","id","ts","from","data"}}.
	 * @param feature the feature
	 * @param event the event name
	 * @param stream the stream
	 * @param id the log id for {@code streams} features, else {@code null}
	 * @param ts the publication time in epoch milliseconds
	 * @param from the publishing user, or {@code null} for the application
	 * @param dataJson the payload's JSON text
	 * @return the frame
	 */
	public OutboundFrame event(String feature, String event, String stream, @Nullable String id, long ts,
			@Nullable String from, String dataJson) {
		StringBuilder out = new StringBuilder(96 + stream.length() + dataJson.length());
		out.append("{\"type\":");
		quote(out, feature);
		out.append(",\"event\":");
		quote(out, event);
		out.append(",\"stream\":");
		quote(out, stream);
		if (id != null) {
			out.append(",\"id\":");
			quote(out, id);
		}
		out.append(",\"ts\":").append(ts).append(",\"from\":");
		quoteOrNull(out, from);
		out.append(",\"data\":").append(dataJson).append('}');
		return OutboundFrame.of(out.toString());
	}

	/**
	 * A reply to a frame that carried a {@code ref}.
	 * @param ref the ref
	 * @param id the id of the message the handler appended, or {@code null}
	 * @param data the reply's payload
	 * @return the frame
	 */
	public OutboundFrame reply(String ref, @Nullable String id, @Nullable Object data) {
		return replyJson(ref, id, json(data));
	}

	/**
	 * A reply whose payload is already JSON text.
	 * @param ref the ref
	 * @param id the id of the message the handler appended, or {@code null}
	 * @param dataJson the payload's JSON text
	 * @return the frame
	 */
	public OutboundFrame replyJson(String ref, @Nullable String id, String dataJson) {
		StringBuilder out = new StringBuilder(64 + dataJson.length());
		out.append("{\"type\":\"reply\",\"ref\":");
		quote(out, ref);
		if (id != null) {
			out.append(",\"id\":");
			quote(out, id);
		}
		out.append(",\"data\":").append(dataJson).append('}');
		return OutboundFrame.of(out.toString());
	}

	/**
	 * An error answer.
	 * @param ref the frame's ref, or {@code null}
	 * @param code the error code
	 * @param message a message for people; never exception text
	 * @param details field errors for {@link ErrorCode#VALIDATION_FAILED}, or {@code null}
	 * @return the frame
	 */
	public OutboundFrame error(@Nullable String ref, ErrorCode code, String message,
			@Nullable List<FieldError> details) {
		return error(ref, code.name(), message, details);
	}

	/**
	 * An error answer with an application's own code.
	 * @param ref the frame's ref, or {@code null}
	 * @param code the error code, already checked to be upper case letters, digits and
	 * {@code _}
	 * @param message a message for people
	 * @param details field errors, or {@code null}
	 * @return the frame
	 */
	public OutboundFrame error(@Nullable String ref, String code, String message,
			@Nullable List<FieldError> details) {
		StringBuilder out = new StringBuilder(96);
		out.append("{\"type\":\"error\"");
		if (ref != null) {
			out.append(",\"ref\":");
			quote(out, ref);
		}
		out.append(",\"code\":\"").append(code).append("\",\"message\":");
		quote(out, message);
		if (details != null) {
			out.append(",\"details\":[");
			for (int i = 0; i < details.size(); i++) {
				FieldError detail = details.get(i);
				out.append((i > 0) ? ",{\"field\":" : "{\"field\":");
				quote(out, detail.field());
				out.append(",\"message\":");
				quote(out, detail.message());
				out.append('}');
			}
			out.append(']');
		}
		return OutboundFrame.of(out.append('}').toString());
	}

	/**
	 * The answer to an application-level ping.
	 * @param ref the ping's ref, or {@code null}
	 * @param ts the server time in epoch milliseconds
	 * @return the frame
	 */
	public OutboundFrame pong(@Nullable String ref, long ts) {
		StringBuilder out = new StringBuilder(48).append("{\"type\":\"pong\"");
		if (ref != null) {
			out.append(",\"ref\":");
			quote(out, ref);
		}
		return OutboundFrame.of(out.append(",\"ts\":").append(ts).append('}').toString());
	}

	/**
	 * The first frame of a connection.
	 * @param connectionId the connection id
	 * @param stream the stream
	 * @param userId the user, or {@code null} when anonymous
	 * @param clients the selected features with their strategies, in order
	 * @param heartbeatMs the protocol ping interval
	 * @return the frame
	 */
	public OutboundFrame welcome(String connectionId, String stream, @Nullable String userId,
			Map<String, String> clients, long heartbeatMs) {
		StringBuilder out = new StringBuilder(160);
		out.append("{\"type\":\"welcome\",\"data\":{\"connectionId\":");
		quote(out, connectionId);
		out.append(",\"stream\":");
		quote(out, stream);
		out.append(",\"user\":");
		if (userId != null) {
			out.append("{\"id\":");
			quote(out, userId);
			out.append('}');
		}
		else {
			out.append("null");
		}
		out.append(",\"clients\":[");
		boolean first = true;
		for (Map.Entry<String, String> client : clients.entrySet()) {
			out.append(first ? "{\"name\":" : ",{\"name\":");
			quote(out, client.getKey());
			out.append(",\"strategy\":");
			quote(out, client.getValue());
			out.append('}');
			first = false;
		}
		out.append("],\"heartbeatMs\":").append(heartbeatMs).append("}}");
		return OutboundFrame.of(out.toString());
	}

	/**
	 * Appends a JSON string literal.
	 * @param out the target
	 * @param value the string
	 */
	public static void quote(StringBuilder out, String value) {
		out.append('"');
		ENCODER.quoteAsString(value, out);
		out.append('"');
	}

	private static void quoteOrNull(StringBuilder out, @Nullable String value) {
		if (value != null) {
			quote(out, value);
		}
		else {
			out.append("null");
		}
	}

	/**
	 * One field's validation failure.
	 *
	 * @param field the property path
	 * @param message the constraint's message
	 */
	public record FieldError(String field, String message) {
	}

}

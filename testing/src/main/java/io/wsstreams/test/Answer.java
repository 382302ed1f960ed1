package io.wsstreams.test;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The answer to a frame sent with a {@code ref}: a {@code reply} or an {@code error}.
 *
 * @param frame the whole frame
 * @see StreamsTestConnection#request(String, String, Object)
 */
public record Answer(JsonNode frame) {

	/**
	 * Whether this is a {@code reply}.
	 * @return {@code false} for an {@code error}
	 */
	public boolean isReply() {
		return "reply".equals(this.frame.path("type").asString(null));
	}

	/**
	 * The reply's {@code data}.
	 * @return the data, a missing node when there is none
	 */
	public JsonNode data() {
		return this.frame.path("data");
	}

	/**
	 * The reply's data converted to a type.
	 * @param <T> the type
	 * @param type the type, such as a record of the reply's fields
	 * @return the converted data
	 */
	public <T> T data(Class<T> type) {
		return StreamsTestConnection.JSON.treeToValue(data(), type);
	}

	/**
	 * The id a {@code streams} append got, from the reply.
	 * @return the id, or {@code null}
	 */
	public @Nullable String id() {
		return this.frame.path("id").asString(null);
	}

	/**
	 * The error's code, such as {@code VALIDATION_FAILED}.
	 * @return the code, or {@code null} for a reply
	 */
	public @Nullable String code() {
		return this.frame.path("code").asString(null);
	}

	/**
	 * The error's message.
	 * @return the message, or {@code null} for a reply
	 */
	public @Nullable String message() {
		return this.frame.path("message").asString(null);
	}

	@Override
	public String toString() {
		return this.frame.toString();
	}

}

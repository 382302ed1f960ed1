package io.wsstreams.test;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Conditions on frames, for {@link StreamsTestConnection#awaitFrame(Predicate)} and
 * {@link StreamsTestConnection#next(Predicate)}.
 */
public final class Frames {

	private Frames() {
	}

	/**
	 * Frames of a type and event.
	 * @param type the frame's {@code type}: a feature, {@code reply}, {@code error}, ...
	 * @param event the frame's {@code event}, or {@code null} for any
	 * @return the condition
	 */
	public static Predicate<JsonNode> of(String type, @Nullable String event) {
		return (frame) -> type.equals(frame.path("type").asString(null))
				&& (event == null || event.equals(frame.path("event").asString(null)));
	}

	/**
	 * Frames with a {@code ref}: the answer to a frame sent with it.
	 * @param ref the ref
	 * @return the condition
	 */
	public static Predicate<JsonNode> answering(String ref) {
		return (frame) -> ref.equals(frame.path("ref").asString(null));
	}

	/**
	 * Frames published by a user ({@code from}).
	 * @param user the user's id
	 * @return the condition
	 */
	public static Predicate<JsonNode> from(String user) {
		return (frame) -> user.equals(frame.path("from").asString(null));
	}

	/**
	 * Frames whose {@code data} has a text value at a JSON pointer.
	 * @param pointer a JSON pointer into {@code data}, such as {@code /text}
	 * @param value the text
	 * @return the condition
	 */
	public static Predicate<JsonNode> withData(String pointer, String value) {
		return (frame) -> value.equals(frame.path("data").at(pointer).asString(null));
	}

}

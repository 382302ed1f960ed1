package io.wsstreams.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A client frame that parsed: {@code {"type", "action", "ref", "data"}}.
 *
 * @param type the feature, or {@code ping}
 * @param action the action, {@code message} when the frame names none
 * @param ref the client's correlation id, or {@code null}
 * @param data the payload, or {@code null} when absent
 */
public record InboundFrame(String type, String action, @Nullable String ref, @Nullable JsonNode data) {

	/** The action of a frame that names none. */
	public static final String DEFAULT_ACTION = "message";

}

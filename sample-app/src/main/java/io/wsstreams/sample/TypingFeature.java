package io.wsstreams.sample;

import io.wsstreams.StreamAction;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamFeature;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Typing indicators on a channel: live only, and relayed to the others on the stream,
 * never back to the typist.
 */
@StreamFeature(name = "typing")
class TypingFeature {

	@StreamAction
	void typing(@Valid Typing typing, StreamContext context) {
		context.publishToOthers("typing", typing);
	}

	/**
	 * A typing indicator, as sent and as relayed.
	 *
	 * @param typing whether the user is typing
	 */
	record Typing(@NotNull Boolean typing) {
	}

}

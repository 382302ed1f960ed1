package io.wsstreams.sample;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.StreamAction;
import io.wsstreams.StreamContext;
import io.wsstreams.StreamFeature;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Chat on a channel: a durable log, so a client that joins gets the latest messages and
 * one that reconnects resumes where it left off with {@code since}.
 */
@StreamFeature(name = "chat", strategy = DeliveryStrategy.STREAMS)
class ChatFeature {

	/**
	 * Appends a message to the channel's chat; the reply carries its id.
	 * @param message the message
	 * @param context the sender's connection
	 */
	@StreamAction("send")
	void send(@Valid ChatMessage message, StreamContext context) {
		context.publish("message", message);
	}

	/**
	 * A chat message, as sent and as delivered.
	 *
	 * @param text the text
	 */
	record ChatMessage(@NotNull @Size(min = 1, max = 2000) String text) {
	}

}

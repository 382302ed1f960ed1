package io.wsstreams.it;

import io.wsstreams.test.StreamsTestConnection;
import tools.jackson.databind.JsonNode;

/**
 * What a publishing connection receives for its own publication.
 */
public final class Publications {

	private Publications() {
	}

	/**
	 * Takes the event of a publication and the answer to the frame that published it, in
	 * whichever order they arrive: a publisher's reply is sent once the publication is
	 * made, not after its event reached the publisher. Then checks that neither comes
	 * again: the answer to a ping is the next frame.
	 * @param client the publishing connection
	 * @param feature the feature of the event
	 * @param ref the {@code ref} of the frame that published
	 * @return the event and the answer
	 */
	public static EventAndAnswer nextEventAndAnswer(StreamsTestConnection client, String feature, String ref) {
		JsonNode event = null;
		JsonNode answer = null;
		while (event == null || answer == null) {
			JsonNode frame = client.next();
			if (answer == null && ref.equals(frame.path("ref").asString())) {
				answer = frame;
			}
			else if (event == null && feature.equals(frame.path("type").asString()) && !frame.has("ref")) {
				event = frame;
			}
			else {
				throw new AssertionError("Expected the " + feature + " event and the answer to " + ref
						+ " once each, but got " + frame);
			}
		}
		String ping = "after-" + ref;
		client.sendText("{\"type\":\"ping\",\"ref\":\"" + ping + "\"}");
		JsonNode pong = client.next();
		if (!"pong".equals(pong.path("type").asString()) || !ping.equals(pong.path("ref").asString())) {
			throw new AssertionError("Expected the pong to " + ping + ", but got " + pong);
		}
		return new EventAndAnswer(event, answer);
	}

	/**
	 * The frames a publishing client receives for its publication.
	 *
	 * @param event the publication's event
	 * @param answer the answer to the frame that published
	 */
	public record EventAndAnswer(JsonNode event, JsonNode answer) {

	}

}

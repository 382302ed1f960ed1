package io.wsstreams.connection;

import java.util.List;

import io.wsstreams.StreamPublisher;
import io.wsstreams.test.StreamsTestConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publications whose frames take each of the three forms of a WebSocket frame's length,
 * in one to four bytes of UTF-8 per character: what a sink that writes frames encoded once
 * per publication must deliver intact.
 */
final class FrameLengths {

	static final List<String> TEXTS = List.of("", "é€\uD83D\uDE00", "x".repeat(200) + "ü", "ж".repeat(40_000), "after the long one");

	private FrameLengths() {
	}

	/**
	 * Publishes every text to a stream and checks that each member receives them intact,
	 * in order.
	 * @param publisher the publisher
	 * @param stream the stream
	 * @param members connections on the stream with the {@code echo} feature
	 */
	static void assertDeliveredIntact(StreamPublisher publisher, String stream, List<StreamsTestConnection> members) {
		for (String text : TEXTS) {
			publisher.publish(stream, "echo", "text", text);
		}
		for (StreamsTestConnection member : members) {
			for (String text : TEXTS) {
				assertThat(member.next().path("data").asString()).isEqualTo(text);
			}
		}
	}

}

package io.wsstreams.transport.only;

import io.wsstreams.StreamAction;
import io.wsstreams.StreamFeature;
import io.wsstreams.it.StreamsServerTest;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application whose only WebSocket endpoint is ws-streams'.
 */
@SpringBootApplication(excludeName = StreamsServerTest.JDBC_SESSIONS)
public class StreamsOnlyApplication {

	/** A ws-streams feature that answers every frame with its data. */
	@StreamFeature(name = "echo")
	static class EchoFeature {

		@StreamAction
		JsonNode message(JsonNode data) {
			return data;
		}

	}

}

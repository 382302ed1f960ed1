package io.wsstreams.pusher;

import java.util.List;
import java.util.Map;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import io.wsstreams.it.RedisNodes;
import io.wsstreams.pusher.PusherTestClient.Socket;
import io.wsstreams.pusher.server.PusherEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for Pusher channels across two nodes that share Redis: events triggered on one
 * node, through {@code PusherEvents} or Pusher's HTTP API, and client events sent to one
 * node reach the subscribers on the other.
 */
class PusherAcrossNodesTests {

	/** The arguments of a node with one Pusher app. */
	static final String[] PUSHER = { "--ws-streams.pusher.enabled=true",
			"--ws-streams.pusher.apps[0].id=app-id", "--ws-streams.pusher.apps[0].key=app-key",
			"--ws-streams.pusher.apps[0].secret=app-secret" };

	private final PusherSignatures signatures = new PusherSignatures("app-key", "app-secret");

	@Test
	void eventsAndClientEventsCrossNodes() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start(PUSHER);
			int b = nodes.start(PUSHER);
			PusherEvents eventsOnA = nodes.node(0).getBean(PusherEvents.class);
			PusherEvents eventsOnB = nodes.node(1).getBean(PusherEvents.class);
			try (Socket onA = new PusherTestClient(a).connect("app-key");
					Socket onB = new PusherTestClient(b).connect("app-key")) {
				onA.subscribed(PusherTestClient.subscribe("private-chat",
						this.signatures.authorizeChannel(onA.socketId(), "private-chat")));
				onB.subscribed(PusherTestClient.subscribe("private-chat",
						this.signatures.authorizeChannel(onB.socketId(), "private-chat")));

				eventsOnA.trigger("app-id", "private-chat", "announced", "{\"n\":1}");
				JsonNode announced = onB.connection().next();
				assertThat(announced.path("event").asString()).isEqualTo("announced");
				assertThat(announced.path("data").asString()).isEqualTo("{\"n\":1}");
				assertThat(onA.connection().next().path("event").asString()).isEqualTo("announced");

				onA.connection()
					.sendJson(PusherTestClient.event("client-typing", "private-chat", Map.of("user", "ada")));
				JsonNode relayed = onB.connection().next();
				assertThat(relayed.path("event").asString()).isEqualTo("client-typing");
				assertThat(PusherTestClient.data(relayed).path("user").asString()).isEqualTo("ada");

				// Published after the client event on the same channel, so delivered after it.
				eventsOnB.trigger("app-id", "private-chat", "marker", "{}");
				assertThat(onA.connection().next().path("event").asString()).as("no echo of its own client event")
					.isEqualTo("marker");
				assertThat(onB.connection().next().path("event").asString()).isEqualTo("marker");
			}
		}
	}

	@Test
	void httpApiOfOneNodeReachesSocketsOnTheOtherAndLeavesOutASocketOnAnyNode() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int a = nodes.start(PUSHER);
			int b = nodes.start(PUSHER);
			try (Socket onA = new PusherTestClient(a).connect("app-key");
					Socket onB = new PusherTestClient(b).connect("app-key");
					Pusher pusherOnA = new Pusher("app-id", "app-key", "app-secret")) {
				pusherOnA.setHost("localhost:" + a);
				onA.subscribed(PusherTestClient.subscribe("orders"));
				onB.subscribed(PusherTestClient.subscribe("orders"));

				assertThat(pusherOnA.trigger("orders", "shipped", Map.of("id", 7)).getHttpStatus()).isEqualTo(200);
				assertThat(PusherTestClient.data(onB.connection().next()).path("id").asInt()).isEqualTo(7);
				assertThat(onA.connection().next().path("event").asString()).isEqualTo("shipped");

				assertThat(pusherOnA.trigger(List.of(new Event("orders", "paid", Map.of(), onB.socketId())))
					.getHttpStatus()).isEqualTo(200);
				assertThat(onA.connection().next().path("event").asString()).isEqualTo("paid");
				assertThat(onB.roundTrip()).as("left out on the other node").isEmpty();
			}
		}
	}

}

package io.wsstreams.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wsstreams.StreamPublisher;
import io.wsstreams.it.NodeProcess;
import io.wsstreams.it.RedisNodes;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.wsstreams.it.SocketTestSupport.welcomed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node killed with SIGKILL while its clients receive a {@code streams} topic that
 * another node publishes to: each client reconnects to a surviving node with
 * {@code since} the last id it saw, and across both connections receives every id
 * published from its first one on, once, in order.
 */
class NodeLossTests {

	@Test
	void clientsOfAKilledNodeResumeOnAnotherAndLoseNothing() throws Exception {
		try (RedisNodes nodes = RedisNodes.create()) {
			int survivor = nodes.start();
			NodeProcess doomed = nodes.startProcess();
			StreamPublisher publisher = nodes.node(0).getBean(StreamPublisher.class);
			String stream = "room:" + UUID.randomUUID();
			String query = "stream=" + stream + "&clients=chat";
			List<StreamsTestConnection> clients = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				clients.add(welcomed(nodes.connect(doomed.port(), nodes.signIn("reader-" + i), query)));
			}
			for (StreamsTestConnection client : clients) {
				client.next((frame) -> "synced".equals(frame.path("event").asString()));
			}
			List<String> published = new CopyOnWriteArrayList<>();
			AtomicBoolean publishing = new AtomicBoolean(true);
			CompletableFuture<Void> publishes = CompletableFuture.runAsync(() -> {
				int n = 0;
				while (publishing.get()) {
					published.add(publisher.publish(stream, "chat", Map.of("n", n++)).id());
				}
			});
			List<List<String>> seen = new ArrayList<>();
			for (StreamsTestConnection client : clients) {
				List<String> ids = new ArrayList<>();
				ids.add(nextMessage(client).path("id").asString());
				seen.add(ids);
			}
			doomed.kill();
			for (int i = 0; i < clients.size(); i++) {
				StreamsTestConnection client = clients.get(i);
				List<String> ids = seen.get(i);
				// What arrived before the node died, up to its close.
				for (JsonNode frame : readUntilClosed(client)) {
					if ("message".equals(frame.path("event").asString())) {
						ids.add(frame.path("id").asString());
					}
				}
				StreamsTestConnection resumed = welcomed(nodes.connect(survivor, nodes.signIn("reader-" + i),
						query + "&since=chat:" + ids.get(ids.size() - 1)));
				clients.set(i, resumed);
			}
			// The publisher goes on for a while after the resumes.
			int publishedAtResume = published.size();
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> published.size() > publishedAtResume + 200);
			publishing.set(false);
			publishes.get(10, TimeUnit.SECONDS);
			for (int i = 0; i < clients.size(); i++) {
				List<String> ids = seen.get(i);
				StreamsTestConnection client = clients.get(i);
				// The replay, then synced, then live messages.
				JsonNode frame = client.next();
				while (!"synced".equals(frame.path("event").asString())) {
					if ("message".equals(frame.path("event").asString())) {
						ids.add(frame.path("id").asString());
					}
					frame = client.next();
				}
				assertThat(frame.path("data").path("recovered").asBoolean()).isTrue();
				String last = published.get(published.size() - 1);
				while (!ids.get(ids.size() - 1).equals(last)) {
					ids.add(nextMessage(client).path("id").asString());
				}
				int first = published.indexOf(ids.get(0));
				assertThat(ids).as("ids of reader %d across its two connections", i)
					.containsExactlyElementsOf(published.subList(first, published.size()));
			}
		}
	}

	private static JsonNode nextMessage(StreamsTestConnection client) {
		return client.next((frame) -> "chat".equals(frame.path("type").asString())
				&& "message".equals(frame.path("event").asString()));
	}

	private static List<JsonNode> readUntilClosed(StreamsTestConnection client) {
		client.awaitClose(Duration.ofSeconds(10)).code();
		return client.drain();
	}

}

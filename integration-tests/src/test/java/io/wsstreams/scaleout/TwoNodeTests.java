package io.wsstreams.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.wsstreams.StreamPublisher;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.redis.RedisMessageBroker;
import io.wsstreams.it.JoinRace;
import io.wsstreams.it.RedisNodes;
import io.wsstreams.it.Sockets;
import io.wsstreams.test.StreamsTestConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of one application, each on its own port, sharing Redis under one prefix:
 * what a client publishes on one reaches clients on the other, the sender excluded when
 * asked; a log appended on one is delivered, replayed, resumed and paged on the other
 * with the same ids; clients that keep dropping and resuming on one node while
 * publishers append on the other receive every id once, in order; and a publication to a
 * user reaches the user's connection on the other node.
 */
class TwoNodeTests {

	private static final AtomicInteger sequence = new AtomicInteger();

	private static RedisNodes nodes;

	private static int a;

	private static int b;

	private final List<StreamsTestConnection> clients = new ArrayList<>();

	@BeforeAll
	static void startNodes() {
		nodes = RedisNodes.create();
		String[] properties = { "--ws-streams.limits.max-outbound-queue=32MB",
				"--ws-streams.limits.connections-per-user=64", "--ws-streams.streams.features.chat.max-count=1000000" };
		a = nodes.start(properties);
		b = nodes.start(properties);
	}

	@AfterAll
	static void stopNodes() throws InterruptedException {
		if (nodes != null) {
			nodes.close();
		}
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(StreamsTestConnection::close);
	}

	@Test
	void eachNodeUsesTheRedisBroker() {
		assertThat(nodes.node(0).getBean(MessageBroker.class)).isInstanceOf(RedisMessageBroker.class);
		assertThat(nodes.node(1).getBean(MessageBroker.class).isAvailable()).isTrue();
	}

	@Test
	void aPubSubPublicationOnOneNodeReachesClientsOnTheOtherWithoutTheSender() {
		String stream = "room:" + unique("pubsub");
		StreamsTestConnection onA = joined(a, "alice", stream, "echo");
		StreamsTestConnection sender = joined(b, "bob", stream, "echo");
		StreamsTestConnection besideSender = joined(b, "carol", stream, "echo");
		sender.sendText("{\"type\":\"echo\",\"action\":\"others\",\"data\":{\"text\":\"hi\"}}");
		JsonNode received = onA.next("echo");
		assertThat(received.path("event").asString()).isEqualTo("message");
		assertThat(received.path("from").asString()).isEqualTo("bob");
		assertThat(received.path("data").path("text").asString()).isEqualTo("hi");
		assertThat(besideSender.next("echo").path("data").path("text").asString()).isEqualTo("hi");
		assertNothingMore(sender);
		publisher(0).publish(stream, "echo", Map.of("text", "from a"));
		for (StreamsTestConnection client : List.of(onA, sender, besideSender)) {
			assertThat(client.next("echo").path("data").path("text").asString()).isEqualTo("from a");
		}
	}

	@Test
	void aLogAppendedOnOneNodeIsDeliveredReplayedResumedAndPagedOnTheOther() {
		String stream = "room:" + unique("log");
		StreamsTestConnection live = connect(b, "dave", stream, "log", null);
		live.next("welcome");
		assertThat(Sockets.untilSynced(live, "log").replay()).isEmpty();
		List<String> published = publish(0, stream, 6);
		List<String> delivered = IntStream.range(0, 6).mapToObj((i) -> live.next("log").path("id").asString()).toList();
		assertThat(delivered).containsExactlyElementsOf(published);
		this.clients.add(live);
		Sockets.Join history = Sockets.untilSynced(connected(b, "erin", stream, "log", null), "log");
		assertThat(history.ids()).containsExactlyElementsOf(published);
		assertThat(history.recovered()).isTrue();
		Sockets.Join resumed = Sockets.untilSynced(connected(b, "erin", stream, "log", "log:" + published.get(2)), "log");
		assertThat(resumed.ids()).containsExactlyElementsOf(published.subList(3, 6));
		assertThat(resumed.recovered()).isTrue();
		assertThat(resumed.last()).isEqualTo(published.get(5));
		StreamsTestConnection pager = connected(b, "frank", stream, "log", null);
		Sockets.untilSynced(pager, "log");
		pager.sendText("{\"type\":\"log\",\"action\":\"history\",\"ref\":\"h1\",\"data\":{\"before\":\"" + published.get(4)
				+ "\",\"limit\":2}}");
		JsonNode page = pager.next("reply").path("data");
		assertThat(Sockets.ids(toList(page.path("messages")))).containsExactlyElementsOf(published.subList(2, 4));
		assertThat(page.path("more").asBoolean()).isTrue();
	}

	@Test
	void aPublicationToAUserOnOneNodeReachesTheUsersConnectionOnTheOther() {
		String user = unique("grace");
		StreamsTestConnection onB = joined(b, user, "room:" + unique("user"), "notifications");
		publisher(0).publishToUser(user, "notifications", "note", Map.of("text", "for you"));
		JsonNode note = onB.next("notifications");
		assertThat(note.path("event").asString()).isEqualTo("note");
		assertThat(note.path("data").path("text").asString()).isEqualTo("for you");
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void clientsThatRejoinOnOneNodeWhilePublishersAppendOnTheOtherGetEveryIdOnceInOrder() throws Exception {
		String stream = "room:" + unique("race");
		new JoinRace("chat", 3, 4, Duration.ofSeconds(8), 150).run(
				(publisher, n) -> publisher(0).publish(stream, "chat", Map.of("p", publisher, "n", n)).id(),
				(user, since) -> connect(b, user, stream, "chat", since), 300, 20);
	}

	private static StreamPublisher publisher(int node) {
		return nodes.node(node).getBean(StreamPublisher.class);
	}

	private List<String> publish(int node, String stream, int count) {
		return IntStream.range(0, count)
			.mapToObj((n) -> publisher(node).publish(stream, "log", Map.of("n", n)).id())
			.toList();
	}

	private static StreamsTestConnection connect(int port, String user, String stream, String clients,
			@Nullable String since) {
		return nodes.connect(port, nodes.signIn(user),
				"stream=" + stream + "&clients=" + clients + ((since != null) ? "&since=" + since : ""));
	}

	private StreamsTestConnection connected(int port, String user, String stream, String clients,
			@Nullable String since) {
		StreamsTestConnection client = connect(port, user, stream, clients, since);
		this.clients.add(client);
		assertThat(client.next().path("type").asString()).isEqualTo("welcome");
		return client;
	}

	private StreamsTestConnection joined(int port, String user, String stream, String clients) {
		return connected(port, user, stream, clients, null);
	}

	/** Proves that nothing else was sent to a client: the answer to a ping comes next. */
	private static void assertNothingMore(StreamsTestConnection client) {
		client.sendText("{\"type\":\"ping\",\"ref\":\"last\"}");
		JsonNode pong = client.next();
		assertThat(pong.path("type").asString()).as("next frame %s", pong).isEqualTo("pong");
	}

	private static List<JsonNode> toList(JsonNode array) {
		List<JsonNode> list = new ArrayList<>();
		array.forEach(list::add);
		return list;
	}

	private static String unique(String prefix) {
		return prefix + "-" + sequence.incrementAndGet();
	}

}

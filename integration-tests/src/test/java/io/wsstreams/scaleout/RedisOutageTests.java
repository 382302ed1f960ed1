package io.wsstreams.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.wsstreams.StreamPublisher;
import io.wsstreams.actuate.StreamsHealthIndicator;
import io.wsstreams.it.RedisNodes;
import io.wsstreams.it.RedisServer;
import io.wsstreams.it.RedisTestSupport;
import io.wsstreams.it.Sockets;
import io.wsstreams.it.TcpProxy;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.test.StreamsTestConnection;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static io.wsstreams.it.SocketTestSupport.assertOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Two nodes on a Redis of the test's own while Redis goes away and comes back: killed and
 * restarted, cut off from one node by the network, or no longer answering one node. While
 * it is away, every socket stays open, a {@code streams} publisher, through its socket or
 * {@link StreamPublisher}, gets an error within {@code ws-streams.redis.timeout} and a
 * little more, and the {@code streams} health is {@code DOWN}. When it comes back with its
 * data, health is {@code UP} again and each client that kept its socket receives every
 * acknowledged {@code streams} message, published on either node before, during or after
 * the outage, once and in id order; {@code pub-sub} publications made after it reach every
 * node. An append whose answer was lost with the connection is written once, and a
 * {@code pub-sub} publication delivered at most once, when the client library sends them
 * again after reconnecting. When Redis comes back without its data, the sessions stored
 * there are gone: their sockets close with 4401, and a client that signs in again and
 * resumes from an id the log lost gets {@code recovered:false}.
 */
class RedisOutageTests {

	/** {@code ws-streams.redis.timeout} of the nodes. */
	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	/** How long a publisher may wait for its error while Redis is away. */
	private static final Duration ERROR_BOUND = TIMEOUT.plusSeconds(2);

	/** {@code ws-streams.session.check-interval} of the nodes. */
	private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

	/** How long nodes may take to find Redis again once it answers. */
	private static final Duration RECOVERY = Duration.ofSeconds(15);

	private static final String STREAM = "channel:1";

	private static final String CLIENTS = "chat,echo";

	private final AtomicInteger refs = new AtomicInteger();

	@Test
	void aRestartAfterACrashThatKeepsTheDataLosesNoAcknowledgedMessage() throws Exception {
		try (TwoNodes two = new TwoNodes(RedisServer.persistent(), false, TIMEOUT)) {
			List<String> acknowledged = new ArrayList<>();
			acknowledged.add(send(two.onA, "before on a"));
			acknowledged.add(send(two.onB, "before on b"));
			// Killed: what it acknowledged is on disk all the same.
			two.redis.kill();
			awaitHealth(two.a(), Status.DOWN);
			awaitHealth(two.b(), Status.DOWN);
			assertPublishFails(two.onA, "during on a");
			assertPublishFails(two.onB, "during on b");
			assertApplicationPublishFails(two.a());
			assertOpen(two.onA);
			assertOpen(two.onB);
			two.redis.start();
			awaitHealth(two.b(), Status.UP);
			acknowledged.add(send(two.onB, "after on b"));
			acknowledged.add(publisher(two.b()).publish(STREAM, "chat", Map.of("text", "app on b")).id());
			awaitHealth(two.a(), Status.UP);
			acknowledged.add(send(two.onA, "after on a"));
			for (StreamsTestConnection client : two.clients()) {
				assertReceivedOnceInOrder(client, acknowledged);
			}
			assertPubSubReaches(two.onB, two.onA, "live after");
			assertPubSubReaches(two.onA, two.onB, "live back");
			assertThat(two.clients()).noneMatch(StreamsTestConnection::isClosed);
		}
	}

	@Test
	void aNodeCutOffFromRedisCatchesUpOnWhatTheOtherNodeAppended() throws Exception {
		try (TwoNodes two = new TwoNodes(RedisServer.volatileData(), true, TIMEOUT)) {
			List<String> acknowledged = new ArrayList<>();
			acknowledged.add(send(two.onA, "before on a"));
			two.proxy().cut();
			awaitHealth(two.a(), Status.DOWN);
			assertThat(health(two.b())).isEqualTo(Status.UP);
			assertPublishFails(two.onA, "during on a");
			assertApplicationPublishFails(two.a());
			acknowledged.add(send(two.onB, "during on b"));
			acknowledged.add(send(two.onB, "during again"));
			publishLive(two.onB, "live during");
			assertOpen(two.onA);
			two.proxy().restore();
			acknowledged.add(send(two.onB, "after on b"));
			awaitHealth(two.a(), Status.UP);
			acknowledged.add(send(two.onA, "after on a"));
			for (StreamsTestConnection client : two.clients()) {
				assertReceivedOnceInOrder(client, acknowledged);
			}
			assertPubSubReaches(two.onB, two.onA, "live after");
			assertThat(liveTexts(two.onA)).as("pub-sub on the node cut off")
				.isSubsetOf("live during", "live after")
				.doesNotHaveDuplicates();
			assertThat(two.onA.isClosed()).isFalse();
		}
	}

	@Test
	void aNodeWhoseRedisStopsAnsweringFailsWithinTheTimeoutAndCatchesUp() throws Exception {
		try (TwoNodes two = new TwoNodes(RedisServer.volatileData(), true, TIMEOUT)) {
			List<String> acknowledged = new ArrayList<>();
			acknowledged.add(send(two.onA, "before on a"));
			two.proxy().stall();
			assertPublishFails(two.onA, "stalled on a");
			awaitHealth(two.a(), Status.DOWN);
			assertApplicationPublishFails(two.a());
			assertOpen(two.onA);
			acknowledged.add(send(two.onB, "during on b"));
			two.proxy().restore();
			awaitHealth(two.a(), Status.UP);
			acknowledged.add(send(two.onA, "after on a"));
			acknowledged.add(send(two.onB, "after on b"));
			// Appends that timed out may reach Redis once it answers again: once, in order.
			for (StreamsTestConnection client : two.clients()) {
				List<String> received = awaitReceived(client, acknowledged);
				assertThat(received).isSortedAccordingTo(RedisOutageTests::compareIds).doesNotHaveDuplicates();
				assertThat(textsOf(client)).doesNotHaveDuplicates()
					.isSubsetOf("before on a", "stalled on a", "app during", "during on b", "after on a", "after on b");
			}
		}
	}

	/**
	 * Lettuce sends a command again after it reconnected when its answer did not come
	 * before the connection was lost (closed), unless the loss failed it (reset): the
	 * append ran, and must not run twice. Sent again, it gets the id it was appended with;
	 * failed, an error. The node's timeout leaves Lettuce the time to reconnect.
	 */
	@Test
	void anAppendWhoseAnswerWasLostWithTheConnectionIsWrittenOnce() throws Exception {
		try (TwoNodes two = new TwoNodes(RedisServer.volatileData(), true, Duration.ofSeconds(5))) {
			send(two.onA, "before");
			JsonNode answer = loseTheAnswer(two, (ref) -> chat(ref, "answer lost"),
					() -> textsOf(two.onB).contains("answer lost"));
			String after = send(two.onA, "after");
			for (StreamsTestConnection client : two.clients()) {
				awaitReceived(client, List.of(after));
				assertThat(textsOf(client)).containsExactly("before", "answer lost", "after");
			}
			if ("reply".equals(answer.path("type").asString())) {
				assertThat(answer.path("id").asString()).isEqualTo(ids(two.onB).get(1));
			}
			else {
				assertThat(answer.path("code").asString()).as("answer %s", answer).isEqualTo("INTERNAL_ERROR");
			}
		}
	}

	/**
	 * As for an append, Lettuce sends a {@code PUBLISH} again when its answer was lost
	 * with the connection: {@code pub-sub} delivers at most once all the same.
	 */
	@Test
	void aPubSubPublicationWhoseAnswerWasLostWithTheConnectionIsDeliveredAtMostOnce() throws Exception {
		try (TwoNodes two = new TwoNodes(RedisServer.volatileData(), true, Duration.ofSeconds(5))) {
			loseTheAnswer(two, (ref) -> live(ref, "answer lost"), () -> liveTexts(two.onB).contains("answer lost"));
			assertPubSubReaches(two.onA, two.onB, "after");
			assertThat(liveTexts(two.onB)).containsExactly("answer lost", "after");
			assertThat(liveTexts(two.onA)).isSubsetOf("answer lost", "after").doesNotHaveDuplicates().endsWith("after");
		}
	}

	@Test
	void aRestartThatLosesTheDataEndsTheSessionsAndTheirResumes() throws Exception {
		try (TwoNodes two = new TwoNodes(RedisServer.volatileData(), false, TIMEOUT)) {
			String last = send(two.onA, "before");
			awaitReceived(two.onB, List.of(last));
			two.redis.stop();
			two.redis.start();
			long back = System.nanoTime();
			for (StreamsTestConnection client : two.clients()) {
				assertThat(client.awaitClose(CHECK_INTERVAL.plus(RECOVERY)).code()).isEqualTo(4401);
				assertThat(client.awaitClose().reason()).isEqualTo("Session ended");
			}
			Duration closed = Duration.ofNanos(System.nanoTime() - back);
			assertThat(closed).as("closed after Redis answered").isLessThan(CHECK_INTERVAL.plusSeconds(3));
			awaitHealth(two.a(), Status.UP);
			awaitHealth(two.b(), Status.UP);
			StreamsTestConnection resumed = two.nodes.connect(two.portB, two.nodes.signIn("bob"),
					"stream=" + STREAM + "&clients=" + CLIENTS + "&since=chat:" + last);
			assertThat(resumed.next().path("type").asString()).isEqualTo("welcome");
			Sockets.Join join = Sockets.untilSynced(resumed, "chat");
			assertThat(join.replay()).isEmpty();
			assertThat(join.recovered()).isFalse();
			StreamsTestConnection publisher = join(two.nodes, two.portA, "alice");
			String next = send(publisher, "new");
			assertThat(awaitReceived(resumed, List.of(next))).containsExactly(next);
		}
	}

	private static String[] properties(Duration timeout) {
		return new String[] { "--ws-streams.redis.timeout=" + timeout.toMillis() + "ms",
				"--ws-streams.session.check-interval=" + CHECK_INTERVAL.toMillis() + "ms" };
	}

	private StreamsTestConnection join(RedisNodes nodes, int port, String user) {
		StreamsTestConnection client = nodes.join(port, user, STREAM, CLIENTS);
		Sockets.untilSynced(client, "chat");
		return client;
	}

	/** Sends a chat message and returns the id its reply carries. */
	private String send(StreamsTestConnection client, String text) {
		String ref = ref();
		client.sendText(chat(ref, text));
		JsonNode answer = client.next((frame) -> ref.equals(frame.path("ref").asString()));
		assertThat(answer.path("type").asString()).as("answer %s", answer).isEqualTo("reply");
		return answer.path("id").asString();
	}

	private String chat(String ref, String text) {
		return "{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"" + ref + "\",\"data\":{\"text\":\"" + text + "\"}}";
	}

	/**
	 * Sends a frame from node A while Redis' answers do not come back, waits until it had
	 * its effect, then cuts the connections, so that the answer is lost with them, and
	 * waits until node A has reconnected.
	 * @return the answer to the frame
	 */
	private JsonNode loseTheAnswer(TwoNodes two, Function<String, String> frame, Callable<Boolean> done) {
		two.proxy().holdReplies();
		String ref = ref();
		two.onA.sendText(frame.apply(ref));
		Awaitility.await().atMost(RECOVERY).until(done);
		two.proxy().cut();
		two.proxy().restore();
		JsonNode answer = two.onA.next((received) -> ref.equals(received.path("ref").asString()));
		awaitHealth(two.a(), Status.UP);
		return answer;
	}

	private void assertPublishFails(StreamsTestConnection client, String text) {
		String ref = ref();
		long start = System.nanoTime();
		client.sendText(chat(ref, text));
		JsonNode answer = client.next((frame) -> ref.equals(frame.path("ref").asString()));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to the error").isLessThan(ERROR_BOUND);
		assertThat(answer.path("type").asString()).as("answer %s", answer).isEqualTo("error");
		assertThat(answer.path("code").asString()).isEqualTo("INTERNAL_ERROR");
	}

	private void assertApplicationPublishFails(ConfigurableApplicationContext node) {
		long start = System.nanoTime();
		assertThatException()
			.isThrownBy(() -> publisher(node).publish(STREAM, "chat", Map.of("text", "app during")));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to the exception").isLessThan(ERROR_BOUND);
	}

	private String live(String ref, String text) {
		return "{\"type\":\"echo\",\"action\":\"publish\",\"ref\":\"" + ref + "\",\"data\":{\"text\":\"" + text
				+ "\"}}";
	}

	private void publishLive(StreamsTestConnection client, String text) {
		String ref = ref();
		client.sendText(live(ref, text));
		JsonNode answer = client.next((frame) -> ref.equals(frame.path("ref").asString()));
		assertThat(answer.path("type").asString()).as("answer %s", answer).isEqualTo("reply");
	}

	private void assertPubSubReaches(StreamsTestConnection from, StreamsTestConnection to, String text) {
		publishLive(from, text);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> liveTexts(to).contains(text));
		assertThat(liveTexts(to)).containsOnlyOnce(text);
	}

	private static StreamPublisher publisher(ConfigurableApplicationContext node) {
		return node.getBean(StreamPublisher.class);
	}

	private static void awaitHealth(ConfigurableApplicationContext node, Status status) {
		Awaitility.await().atMost(RECOVERY).pollInterval(Duration.ofMillis(50)).until(() -> health(node), status::equals);
	}

	private static Status health(ConfigurableApplicationContext node) {
		return node.getBean(StreamsHealthIndicator.class).health(false).getStatus();
	}

	/**
	 * Waits until a client received every acknowledged message, then checks that it
	 * received nothing else, each once, in order.
	 */
	private static void assertReceivedOnceInOrder(StreamsTestConnection client, List<String> acknowledged) {
		List<String> received = awaitReceived(client, acknowledged);
		assertThat(received).containsExactlyElementsOf(sorted(acknowledged));
	}

	private static List<String> awaitReceived(StreamsTestConnection client, List<String> expected) {
		Awaitility.await().atMost(RECOVERY).until(() -> ids(client).containsAll(expected));
		return ids(client);
	}

	private static List<String> sorted(List<String> ids) {
		return ids.stream().sorted(RedisOutageTests::compareIds).toList();
	}

	private static int compareIds(String left, String right) {
		return StreamId.parse(left).compareTo(StreamId.parse(right));
	}

	/** The ids of the chat messages a client received, in order. */
	private static List<String> ids(StreamsTestConnection client) {
		return chatMessages(client).stream().map((frame) -> frame.path("id").asString()).toList();
	}

	private static List<String> textsOf(StreamsTestConnection client) {
		return chatMessages(client).stream().map((frame) -> frame.path("data").path("text").asString()).toList();
	}

	private static List<JsonNode> chatMessages(StreamsTestConnection client) {
		return client.received()
			.stream()
			.filter((frame) -> "chat".equals(frame.path("type").asString())
					&& "message".equals(frame.path("event").asString()))
			.toList();
	}

	private static List<String> liveTexts(StreamsTestConnection client) {
		return client.received()
			.stream()
			.filter((frame) -> "echo".equals(frame.path("type").asString())
					&& "message".equals(frame.path("event").asString()))
			.map((frame) -> frame.path("data").path("text").asString())
			.toList();
	}

	private String ref() {
		return "r" + this.refs.incrementAndGet();
	}

	/**
	 * A Redis of the test's own, and two nodes on it with a client each on the stream,
	 * past their join: {@code alice} on node A, which may reach Redis through a proxy, and
	 * {@code bob} on node B.
	 */
	private final class TwoNodes implements AutoCloseable {

		private final RedisServer redis;

		private final @Nullable TcpProxy proxy;

		private final RedisNodes nodes;

		private final int portA;

		private final int portB;

		private final StreamsTestConnection onA;

		private final StreamsTestConnection onB;

		/**
		 * Starts the nodes.
		 * @param redis the Redis, closed with the nodes
		 * @param viaProxy whether node A reaches Redis through a proxy
		 * @param timeoutA the {@code ws-streams.redis.timeout} of node A
		 */
		TwoNodes(RedisServer redis, boolean viaProxy, Duration timeoutA) throws Exception {
			this.redis = redis;
			this.proxy = viaProxy ? new TcpProxy(RedisTestSupport.HOST, redis.port()) : null;
			this.nodes = RedisNodes.on(redis);
			try {
				this.portA = this.nodes.startVia((this.proxy != null) ? this.proxy.port() : redis.port(),
						properties(timeoutA));
				this.portB = this.nodes.start(properties(TIMEOUT));
				this.onA = join(this.nodes, this.portA, "alice");
				this.onB = join(this.nodes, this.portB, "bob");
			}
			catch (RuntimeException | Error ex) {
				close();
				throw ex;
			}
		}

		ConfigurableApplicationContext a() {
			return this.nodes.node(0);
		}

		ConfigurableApplicationContext b() {
			return this.nodes.node(1);
		}

		TcpProxy proxy() {
			assertThat(this.proxy).as("proxy").isNotNull();
			return this.proxy;
		}

		List<StreamsTestConnection> clients() {
			return List.of(this.onA, this.onB);
		}

		@Override
		public void close() throws Exception {
			try (RedisServer redis = this.redis; TcpProxy proxy = this.proxy) {
				this.nodes.close();
			}
		}

	}

}

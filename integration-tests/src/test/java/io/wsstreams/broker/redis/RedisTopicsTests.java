package io.wsstreams.broker.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.LogRetention;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.it.RedisTestSupport;
import io.wsstreams.it.TcpProxy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Delivery through Redis between nodes: log entries in id order, on the lanes and never on
 * Lettuce's threads; entries a node missed filled in from the log, without duplicates;
 * a first subscription that starts from the log's newest entry; subscription counts
 * reported out of order; live, presence and user messages, each live publication and user
 * message at most once, also when sent again; catching up after a lost
 * connection; and commands that fail within the timeout while Redis does not answer,
 * then at once until it answers again.
 */
class RedisTopicsTests {

	private static final LogRetention RETENTION = new LogRetention(10_000, Duration.ofHours(1));

	private final String prefix = RedisTestSupport.uniquePrefix();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@BeforeAll
	static void requireRedis() {
		RedisTestSupport.requireRedis();
	}

	@AfterEach
	void close() throws Exception {
		Collections.reverse(this.closeables);
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		try (RedisNode cleaner = node()) {
			RedisTestSupport.deleteKeys(cleaner.connectionFactory, this.prefix);
		}
	}

	@Test
	void deliversConcurrentAppendsInIdOrderOnTheLanes() throws Exception {
		RedisNode subscriber = started(node());
		RedisNode publisher = started(node());
		String topic = "channel:1:chat";
		subscriber.topics.subscribe(topic);
		ConcurrentLinkedQueue<StreamId> appended = new ConcurrentLinkedQueue<>();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				writers.add(threads.submit(() -> {
					for (int i = 0; i < 50; i++) {
						appended.add(append(publisher, topic, i).id());
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		List<StreamId> expected = new ArrayList<>(appended);
		Collections.sort(expected);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.ids(topic).size() >= expected.size());
		assertThat(subscriber.ids(topic)).containsExactlyElementsOf(expected);
		assertThat(subscriber.messages).allSatisfy((message) -> {
			assertThat(message.feature()).isEqualTo("chat");
			assertThat(message.frame().text()).contains("\"id\":\"" + message.id() + "\"");
		});
		assertThat(subscriber.threads).as("threads that delivered").allMatch((name) -> name.matches("ws-streams-redis-\\d+"));
	}

	@Test
	void fillsInEntriesItMissedFromTheLogInOrderWithoutDuplicates() {
		RedisNode node = started(node());
		String topic = "channel:2:chat";
		node.topics.subscribe(topic);
		StreamId first = append(node, topic, 0).id();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> node.ids(topic).size() == 1);
		// Stored without being published: this node never hears of them.
		List<StreamId> missed = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			missed.add(addWithoutPublishing(node, topic, i));
		}
		StreamId next = append(node, topic, 4).id();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> node.ids(topic).size() == 5);
		List<StreamId> expected = new ArrayList<>();
		expected.add(first);
		expected.addAll(missed);
		expected.add(next);
		assertThat(node.ids(topic)).containsExactlyElementsOf(expected);
		assertThat(node.messages.get(2).frame().text()).contains("\"n\":2");
		// A notification of an entry delivered already is dropped.
		publishAsIs(node, node.topics.names().channel(topic),
				Envelope.logged(missed.get(1), missed.get(0), "chat", "{}"));
		StreamId last = append(node, topic, 5).id();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> node.ids(topic).contains(last));
		expected.add(last);
		assertThat(node.ids(topic)).containsExactlyElementsOf(expected);
		assertThat(node.threads).allMatch((name) -> name.matches("ws-streams-redis-\\d+"));
	}

	@Test
	void aFirstSubscriptionStartsAfterTheLogsNewestEntry() {
		RedisNode node = started(node());
		String topic = "channel:3:chat";
		append(node, topic, 0);
		append(node, topic, 1);
		node.topics.subscribe(topic);
		StreamId live = append(node, topic, 2).id();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !node.ids(topic).isEmpty());
		assertThat(node.ids(topic)).containsExactly(live);
	}

	@Test
	void countsSubscriptionsReportedOutOfOrder() throws Exception {
		RedisNode node = started(node());
		String topic = "channel:4:typing";
		node.topics.unsubscribe(topic);
		node.topics.subscribe(topic);
		assertThat(node.topics.isSubscribed(topic)).as("a last subscriber's report before the first's").isFalse();
		assertThat(subscribers(node, topic)).isZero();
		node.topics.subscribe(topic);
		node.topics.subscribe(topic);
		node.topics.unsubscribe(topic);
		assertThat(subscribers(node, topic)).isEqualTo(1);
		node.topics.unsubscribe(topic);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(node, topic) == 0);
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			List<Future<?>> reporters = new ArrayList<>();
			for (int t = 0; t < 6; t++) {
				reporters.add(threads.submit(() -> {
					for (int i = 0; i < 30; i++) {
						if (ThreadLocalRandom.current().nextBoolean()) {
							node.topics.subscribe(topic);
							node.topics.unsubscribe(topic);
						}
						else {
							node.topics.unsubscribe(topic);
							node.topics.subscribe(topic);
						}
					}
				}));
			}
			node.topics.subscribe(topic);
			for (Future<?> reporter : reporters) {
				reporter.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(node.topics.isSubscribed(topic)).isTrue();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(node, topic) == 1);
		node.topics.unsubscribe(topic);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(node, topic) == 0);
	}

	@Test
	void deliversLiveAndPresenceMessagesWithTheConnectionToExclude() {
		RedisNode subscriber = started(node());
		RedisNode publisher = started(node());
		String topic = "channel:5:typing";
		subscriber.topics.subscribe(topic);
		publisher.broker.publish(TopicMessage.live(topic, "typing", OutboundFrame.of("{\"typing\":true}"), "sender-1"));
		String presence = "channel:5:presence";
		subscriber.topics.subscribe(presence);
		publishAsIs(publisher, publisher.topics.names().channel(presence),
				Envelope.presence(7, null, "presence", "{\"event\":\"join\"}"));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.messages.size() == 2);
		TopicMessage live = subscriber.messages.stream().filter((m) -> m.topic().equals(topic)).findFirst().orElseThrow();
		assertThat(live.frame().text()).isEqualTo("{\"typing\":true}");
		assertThat(live.excludeConnectionId()).isEqualTo("sender-1");
		assertThat(live.id()).isNull();
		TopicMessage join = subscriber.messages.stream().filter((m) -> m.topic().equals(presence)).findFirst().orElseThrow();
		assertThat(join.id()).isEqualTo(new StreamId(7, 0));
		assertThat(join.excludeConnectionId()).isNull();
		assertThat(join.feature()).isEqualTo("presence");
	}

	@Test
	void deliversUserMessagesToEveryNode() {
		RedisNode receiver = started(node());
		RedisNode publisher = started(node());
		UserMessage message = new UserMessage("ali\nce\\", "notifications", "new\nevent", 42, "bo\\nb",
				"{\"text\":\"line\\nbreak \u00fc\"}");
		publisher.broker.publishToUser(message);
		UserMessage anonymous = new UserMessage("carol", "notifications", "note", 43, null, "null");
		publisher.broker.publishToUser(anonymous);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> receiver.userMessages.size() == 2);
		assertThat(receiver.userMessages).containsExactlyInAnyOrder(message, anonymous);
		assertThat(receiver.threads).allMatch((name) -> name.matches("ws-streams-redis-\\d+"));
	}

	@Test
	void dropsALivePublicationOrAUserMessageReceivedBefore() {
		RedisNode subscriber = started(node());
		RedisNode publisher = started(node());
		String topic = "channel:9:typing";
		subscriber.topics.subscribe(topic);
		byte[] live = Envelope.live("node-x", null, "typing", "{\"n\":1}");
		Envelope.number(live, 1);
		byte[] user = Envelope.user("node-x", new UserMessage("alice", "notifications", "note", 1, null, "{}"));
		Envelope.number(user, 2);
		for (int i = 0; i < 2; i++) {
			publishAsIs(publisher, publisher.topics.names().channel(topic), live);
			publishAsIs(publisher, publisher.topics.names().usersChannel(), user);
		}
		byte[] older = Envelope.live("node-x", null, "typing", "{\"n\":0}");
		Envelope.number(older, 0);
		publishAsIs(publisher, publisher.topics.names().channel(topic), older);
		publisher.broker.publish(TopicMessage.live(topic, "typing", OutboundFrame.of("{\"n\":2}"), null));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.messages.size() >= 2);
		assertThat(subscriber.messages).extracting((message) -> message.frame().text())
			.containsExactly("{\"n\":1}", "{\"n\":2}");
		assertThat(subscriber.userMessages).hasSize(1);
	}

	@Test
	void catchesUpOnEveryLogItSubscribesOnceItsConnectionIsBack() throws Exception {
		TcpProxy proxy = new TcpProxy(RedisTestSupport.HOST, RedisTestSupport.PORT);
		this.closeables.add(proxy);
		RedisNode behindProxy = started(new RedisNode(this.prefix, proxy.port(), Duration.ofSeconds(2)));
		RedisNode publisher = started(node());
		String topic = "channel:6:chat";
		behindProxy.topics.subscribe(topic);
		List<StreamId> appended = new ArrayList<>();
		appended.add(append(publisher, topic, 0).id());
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> behindProxy.ids(topic).size() == 1);
		proxy.cut();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !behindProxy.topics.isAvailable());
		assertThat(behindProxy.broker.isAvailable()).isFalse();
		for (int i = 1; i <= 5; i++) {
			appended.add(append(publisher, topic, i).id());
		}
		proxy.restore();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> behindProxy.ids(topic).size() >= appended.size());
		assertThat(behindProxy.topics.isAvailable()).isTrue();
		appended.add(append(publisher, topic, 6).id());
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> behindProxy.ids(topic).size() >= appended.size());
		assertThat(behindProxy.ids(topic)).containsExactlyElementsOf(appended);
	}

	@Test
	void aPublisherGetsAnErrorWithinTheTimeoutWhileRedisDoesNotAnswerThenAtOnceUntilItAnswers() throws Exception {
		TcpProxy proxy = new TcpProxy(RedisTestSupport.HOST, RedisTestSupport.PORT);
		this.closeables.add(proxy);
		RedisNode node = started(new RedisNode(this.prefix, proxy.port(), Duration.ofMillis(500)));
		append(node, "channel:7:chat", 0);
		proxy.stall();
		long start = System.nanoTime();
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> append(node, "channel:7:chat", 1))
			.withMessageContaining("ws-streams.redis.timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		assertThat(node.topics.isAvailable()).isFalse();
		start = System.nanoTime();
		assertThatExceptionOfType(RedisConnectionFailureException.class)
			.isThrownBy(() -> node.broker.publish(TopicMessage.live("channel:7:typing", "typing", OutboundFrame.of("{}"), null)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("until Redis answers again")
			.isLessThan(Duration.ofMillis(100));
		assertThat(node.broker.isAvailable()).isFalse();
		proxy.restore();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(node.broker::isAvailable);
		append(node, "channel:7:chat", 2);
	}

	@Test
	void failsAtOnceWhileRedisIsUnreachable() throws IOException {
		int port;
		try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = unused.getLocalPort();
		}
		long start = System.nanoTime();
		RedisNode node = started(new RedisNode(this.prefix, port, Duration.ofMillis(500)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("start").isLessThan(Duration.ofSeconds(5));
		assertThat(node.broker.isAvailable()).isFalse();
		assertThatExceptionOfType(RedisConnectionFailureException.class).isThrownBy(() -> append(node, "channel:8:chat", 0));
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> node.topics.subscribe("channel:8:chat"));
		node.topics.unsubscribe("channel:8:chat");
		assertThat(node.topics.isSubscribed("channel:8:chat")).isFalse();
	}

	private RedisNode node() {
		return new RedisNode(this.prefix);
	}

	private RedisNode started(RedisNode node) {
		this.closeables.add(node);
		return node;
	}

	private static LogEntry append(RedisNode node, String topic, int n) {
		return node.log.append(topic, "chat", RETENTION, System.currentTimeMillis(),
				(id) -> OutboundFrame.of("{\"type\":\"chat\",\"id\":\"" + id + "\",\"data\":{\"n\":" + n + "}}"));
	}

	private static StreamId addWithoutPublishing(RedisNode node, String topic, int n) {
		try (RedisConnection connection = node.connectionFactory.getConnection()) {
			MapRecord<byte[], byte[], byte[]> record = StreamRecords.newRecord()
				.in(RedisNames.bytes(node.topics.names().log(topic)))
				.ofMap(Map.of(bytes("h"), bytes("{\"type\":\"chat\",\"id\":\""), bytes("t"),
						bytes("\",\"data\":{\"n\":" + n + "}}")));
			RecordId id = connection.streamCommands().xAdd(record);
			return StreamId.parse(id.getValue());
		}
	}

	/** Publishes a message as it is, not numbered by the node. */
	private static void publishAsIs(RedisNode node, String channel, byte[] body) {
		node.topics.commands().call((redis) -> redis.publish(RedisNames.bytes(channel), body), "publish");
	}

	private static long subscribers(RedisNode node, String topic) {
		Map<byte[], Long> counts = node.topics.commands()
			.call((redis) -> redis.pubsubNumsub(bytes(node.topics.names().channel(topic))), "count subscribers");
		return counts.values().iterator().next();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

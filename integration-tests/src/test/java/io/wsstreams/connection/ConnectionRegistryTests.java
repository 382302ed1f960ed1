package io.wsstreams.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.wsstreams.DeliveryStrategy;
import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamId;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry's indexes against fake connections: by id, stream, topic, user and session;
 * the per-user limit; broker subscriptions for a topic's first and last member, which the
 * members that arrive meanwhile wait for; fan-out to a topic without the excluded
 * connection, of log entries through the replay hold, and of user messages to the user's
 * connections that selected the feature.
 */
class ConnectionRegistryTests {

	private final RecordingBroker broker = new RecordingBroker();

	private final ConnectionRegistry registry = new ConnectionRegistry(this.broker,
			new OutboundFrames(JsonMapper.builder().build()), new StreamStatistics());

	private final Map<String, List<String>> written = new LinkedHashMap<>();

	@Test
	void indexesConnectionsAndForgetsThemOnUnregister() {
		StreamConnection a = connection("a", "channel:1", "alice", "s1", "chat");
		StreamConnection b = connection("b", "channel:1", "alice", "s2", "chat");
		StreamConnection c = connection("c", "channel:2", "bob", "s3", "chat");
		for (StreamConnection connection : List.of(a, b, c)) {
			assertThat(this.registry.register(connection, 16)).isTrue();
		}
		assertThat(this.registry.size()).isEqualTo(3);
		assertThat(this.registry.get("b")).isSameAs(b);
		assertThat(this.registry.onStream("channel:1")).containsExactlyInAnyOrder(a, b);
		assertThat(this.registry.streamCount()).isEqualTo(2);
		assertThat(this.registry.ofUser("alice")).containsExactlyInAnyOrder(a, b);
		List<String> ofSession = new ArrayList<>();
		this.registry.forEachOfSession("s1", (connection) -> ofSession.add(connection.id()));
		assertThat(ofSession).containsExactly("a");
		assertThat(this.registry.unregister(a)).isTrue();
		assertThat(this.registry.unregister(a)).as("twice").isFalse();
		assertThat(this.registry.onStream("channel:1")).containsExactly(b);
		assertThat(this.registry.ofUser("alice")).containsExactly(b);
		this.registry.unregister(b);
		this.registry.unregister(c);
		assertThat(this.registry.size()).isZero();
		assertThat(this.registry.streamCount()).isZero();
		assertThat(this.registry.ofUser("alice")).isEmpty();
		List<String> sessions = new ArrayList<>();
		this.registry.forEachSession((id, sockets) -> sessions.add(id));
		assertThat(sessions).isEmpty();
	}

	@Test
	void refusesAUserOverTheLimitAndAdmitsAgainOnceOneLeaves() {
		StreamConnection first = connection("1", "channel:1", "alice", null, "chat");
		StreamConnection second = connection("2", "channel:1", "alice", null, "chat");
		StreamConnection third = connection("3", "channel:1", "alice", null, "chat");
		assertThat(this.registry.register(first, 2)).isTrue();
		assertThat(this.registry.register(second, 2)).isTrue();
		assertThat(this.registry.register(third, 2)).isFalse();
		assertThat(this.registry.size()).isEqualTo(2);
		this.registry.unregister(first);
		assertThat(this.registry.register(third, 2)).isTrue();
		StreamConnection anonymous = connection("4", "channel:1", null, null, "chat");
		assertThat(this.registry.register(anonymous, 0)).as("anonymous connections have no user limit").isTrue();
	}

	@Test
	void subscribesTheBrokerForATopicsFirstMemberAndUnsubscribesAfterItsLast() {
		StreamConnection a = registered("a", "channel:1", "alice", "chat", "typing");
		StreamConnection b = registered("b", "channel:1", "bob", "chat");
		this.registry.subscribe(a, "chat");
		this.registry.subscribe(a, "typing");
		this.registry.subscribe(b, "chat");
		assertThat(this.broker.subscribed).containsExactly("channel:1:chat", "channel:1:typing");
		assertThat(this.registry.subscriberCount("channel:1:chat")).isEqualTo(2);
		this.registry.unregister(a);
		assertThat(this.broker.unsubscribed).containsExactly("channel:1:typing");
		this.registry.unregister(b);
		assertThat(this.broker.unsubscribed).containsExactly("channel:1:typing", "channel:1:chat");
		assertThat(this.registry.subscriberCount("channel:1:chat")).isZero();
	}

	@Test
	void membersThatArriveWhileTheBrokerSubscribesWaitForIt() throws Exception {
		StreamConnection a = registered("a", "channel:1", "alice", "chat");
		StreamConnection b = registered("b", "channel:1", "bob", "chat");
		CountDownLatch confirm = new CountDownLatch(1);
		this.broker.beforeSubscribe = () -> await(confirm);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> first = threads.submit(() -> this.registry.subscribe(a, "chat"));
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.subscriberCount("channel:1:chat") == 1);
			Thread[] second = new Thread[1];
			Future<?> next = threads.submit(() -> {
				second[0] = Thread.currentThread();
				this.registry.subscribe(b, "chat");
			});
			Awaitility.await().atMost(Duration.ofSeconds(5))
				.until(() -> second[0] != null && second[0].getState() == Thread.State.WAITING);
			assertThat(next).as("the second member, while the broker subscribes").isNotDone();
			confirm.countDown();
			first.get(5, TimeUnit.SECONDS);
			next.get(5, TimeUnit.SECONDS);
			assertThat(this.broker.subscribed).containsExactly("channel:1:chat");
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void membersThatWaitedForAFailedSubscriptionFailToo() throws Exception {
		StreamConnection a = registered("a", "channel:1", "alice", "chat");
		StreamConnection b = registered("b", "channel:1", "bob", "chat");
		CountDownLatch fail = new CountDownLatch(1);
		this.broker.beforeSubscribe = () -> {
			await(fail);
			throw new IllegalStateException("Broker unreachable");
		};
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> first = threads.submit(() -> this.registry.subscribe(a, "chat"));
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.subscriberCount("channel:1:chat") == 1);
			Future<?> next = threads.submit(() -> this.registry.subscribe(b, "chat"));
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.subscriberCount("channel:1:chat") == 2);
			fail.countDown();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(5, TimeUnit.SECONDS))
				.withRootCauseInstanceOf(IllegalStateException.class);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> next.get(5, TimeUnit.SECONDS))
				.havingRootCause()
				.withMessage("Broker unreachable");
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void fansOutToATopicWithoutTheExcludedConnection() {
		StreamConnection a = registered("a", "channel:1", "alice", "chat");
		StreamConnection b = registered("b", "channel:1", "bob", "chat");
		StreamConnection other = registered("c", "channel:2", "carol", "chat");
		for (StreamConnection connection : List.of(a, b, other)) {
			this.registry.subscribe(connection, "chat");
		}
		this.registry.onTopicMessage(TopicMessage.live("channel:1:chat", "chat", OutboundFrame.of("hello"), "a"));
		assertThat(this.written.get("a")).isEmpty();
		assertThat(this.written.get("b")).containsExactly("hello");
		assertThat(this.written.get("c")).isEmpty();
	}

	@Test
	void fansOutLogEntriesThroughTheReplayHold() {
		StreamConnection joining = registered("a", "channel:1", "alice", "chat");
		joining.beginReplay("channel:1:chat");
		this.registry.subscribe(joining, "chat");
		this.registry.onTopicMessage(new TopicMessage("channel:1:chat", "chat", OutboundFrame.of("entry 1"), null,
				StreamId.parse("1-0")));
		assertThat(this.written.get("a")).as("held during the replay").isEmpty();
		joining.endReplay("channel:1:chat", null);
		assertThat(this.written.get("a")).containsExactly("entry 1");
	}

	@Test
	void deliversUserMessagesToTheUsersConnectionsThatSelectedTheFeature() {
		registered("a", "channel:1", "alice", "notifications");
		registered("b", "channel:2", "alice", "chat");
		registered("c", "channel:1", "bob", "notifications");
		this.registry.onUserMessage(new UserMessage("alice", "notifications", "note", 1L, null, "\"hi\""));
		assertThat(this.written.get("a")).hasSize(1);
		assertThat(this.written.get("a").get(0)).contains("\"event\":\"note\"").contains("\"stream\":\"channel:1\"");
		assertThat(this.written.get("b")).isEmpty();
		assertThat(this.written.get("c")).isEmpty();
	}

	private StreamConnection registered(String id, String stream, String user, String... features) {
		StreamConnection connection = connection(id, stream, user, null, features);
		assertThat(this.registry.register(connection, 16)).isTrue();
		return connection;
	}

	private StreamConnection connection(String id, String stream, String user, String session, String... features) {
		Map<String, FeatureDefinition> selected = new LinkedHashMap<>();
		for (String feature : features) {
			selected.put(feature, new FeatureDefinition(feature, DeliveryStrategy.PUB_SUB, feature, Object.class,
					Map.of(), List.of(), List.of(), Set.of()));
		}
		TestConnections.Recorded recorded = TestConnections.open(id, stream, user, session, selected);
		this.written.put(id, recorded.written());
		return recorded.connection();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Records subscriptions; delivers nothing by itself. */
	private static final class RecordingBroker implements MessageBroker {

		private final List<String> subscribed = new CopyOnWriteArrayList<>();

		private volatile Runnable beforeSubscribe = () -> {
		};

		private final List<String> unsubscribed = new ArrayList<>();

		@Override
		public void start(BrokerListener listener) {
		}

		@Override
		public void publish(TopicMessage message) {
		}

		@Override
		public void publishToUser(UserMessage message) {
		}

		@Override
		public void subscribe(String topic) {
			this.beforeSubscribe.run();
			this.subscribed.add(topic);
		}

		@Override
		public void unsubscribe(String topic) {
			this.unsubscribed.add(topic);
		}

	}

}

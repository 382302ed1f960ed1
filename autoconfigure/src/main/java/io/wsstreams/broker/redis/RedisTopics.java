package io.wsstreams.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * This node's Pub/Sub connection to Redis and the delivery of what arrives on it, shared
 * by the Redis broker, stream log and presence store.
 *
 * <p>The connection comes from the application's {@link LettuceConnectionFactory}; it
 * subscribes the users channel from the start, and a topic's channel while the node has
 * subscribers of the topic. The engine reports a topic's first and last subscriber from
 * different threads, possibly out of order, so each topic counts its subscriptions under
 * its own lock: the channel is subscribed when the count goes from 0 to 1, and
 * unsubscribed when it goes from 1 to 0. {@link #subscribe} returns once Redis confirmed
 * the subscription, or fails within the timeout.
 *
 * <p>Messages arrive on Lettuce's event loop, which only reads their header and hands
 * them to one of a few lanes, single threads named {@code ws-streams-redis-N}, chosen by
 * topic (or user) so that each keeps its order. The lane decodes the message once and
 * hands one {@link TopicMessage} to the listener, which fans it out. A live publication
 * or user message carries its node's id and number, and one whose number is not above
 * the last received from its node is one that Lettuce sent again after a reconnect: it is
 * dropped, so that it is delivered at most once.
 *
 * <p>Log entries reach the listener in id order, without gap or duplicate: for each
 * subscribed topic the node keeps the last id it delivered, drops entries up to it, and
 * when an entry's previous id is not that one, first reads and delivers the entries in
 * between. When a topic is first subscribed, its newest id when Redis confirmed the
 * subscription becomes the last delivered (every local subscriber joins after that and
 * replays up to it at least). Whenever Redis confirms a topic's subscription again,
 * which Lettuce does after it reconnected, the node catches up on the topic's log from
 * the last id it delivered.
 *
 * <p>Redis is unavailable while the Pub/Sub connection is down, from a command that Redis
 * did not answer within the timeout until a {@code PING} is answered again (a network
 * that stops carrying packets leaves the connection open), and after a reconnect until
 * Redis confirmed every subscription again. While it is unreachable, commands fail at
 * once; when it answers again after a timeout, the node catches up on every topic.
 */
public final class RedisTopics implements SmartLifecycle {

	/**
	 * Starts before the web server accepts connections, and stops after it closed them.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(RedisTopics.class);

	/** How many entries a catch-up or gap fill reads at once. */
	private static final int BATCH = 1000;

	/** How long to wait before connecting again, or catching up again after a failure. */
	private static final long RETRY_MILLIS = 1000;

	private final LettuceConnectionFactory connectionFactory;

	private final RedisNames names;

	private final RedisCommands commands;

	private final LogScripts logs;

	private final int laneCount;

	private final Map<String, Topic> topics = new ConcurrentHashMap<>();

	/** This node's id in what it publishes, unique among every node that ever shares the Redis. */
	private final String node = UUID.randomUUID().toString();

	private final Receiver receiver = new Receiver();

	private final CustomizableThreadFactory laneThreads = threads("ws-streams-redis-");

	private final Object lifecycle = new Object();

	private volatile @Nullable BrokerListener listener;

	private volatile ExecutorService @Nullable [] lanes;

	private volatile @Nullable ScheduledExecutorService timer;

	private volatile @Nullable RedisConnection connection;

	private volatile @Nullable RedisPubSubAsyncCommands<byte[], byte[]> pubSub;

	private volatile boolean running;

	private volatile boolean reportedUnreachable;

	/** Whether Redis answered since the last command it did not answer in time. */
	private volatile boolean answering = true;

	/** Whether a {@code PING} is waiting for Redis to answer again. */
	private final AtomicBoolean probing = new AtomicBoolean();

	/**
	 * Counts the losses of the Pub/Sub connection: a subscription confirmed under the
	 * current count holds on the current connection.
	 */
	private final AtomicLong connectionLosses = new AtomicLong();

	/** The count of losses under which Redis last confirmed the users channel. */
	private volatile long usersConfirmedAt = -1;

	private final ConnectionLosses losses = new ConnectionLosses();

	/**
	 * Creates the topics of a node, with a lane per available processor.
	 * @param connectionFactory the application's connection factory, over Lettuce
	 * @param prefix the prefix of every key and channel
	 * @param timeout the longest wait for a Redis command
	 */
	public RedisTopics(RedisConnectionFactory connectionFactory, String prefix, Duration timeout) {
		this(connectionFactory, prefix, timeout, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Creates the topics of a node.
	 * @param connectionFactory the application's connection factory, over Lettuce
	 * @param prefix the prefix of every key and channel
	 * @param timeout the longest wait for a Redis command
	 * @param lanes how many threads deliver what arrives
	 */
	public RedisTopics(RedisConnectionFactory connectionFactory, String prefix, Duration timeout, int lanes) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalArgumentException("The Redis broker of ws-streams needs Spring Data Redis over Lettuce, "
					+ "not " + connectionFactory.getClass().getName());
		}
		if (lanes < 1) {
			throw new IllegalArgumentException("At least one lane is needed, not " + lanes);
		}
		this.connectionFactory = lettuce;
		this.names = new RedisNames(prefix);
		this.commands = new RedisCommands(lettuce, timeout, this::isReachable, this::unanswered);
		this.logs = new LogScripts(this.names, this.commands, this.node);
		this.laneCount = lanes;
	}

	/**
	 * The names of the keys and channels.
	 * @return the names
	 */
	public RedisNames names() {
		return this.names;
	}

	RedisCommands commands() {
		return this.commands;
	}

	LogScripts logs() {
		return this.logs;
	}

	/**
	 * Sets the listener that receives what arrives for this node. The broker, the log and
	 * the presence store are started with the same one.
	 * @param listener the listener
	 */
	void listen(BrokerListener listener) {
		BrokerListener current = this.listener;
		if (current != null && current != listener) {
			throw new IllegalStateException("Already delivering to another listener");
		}
		this.listener = listener;
	}

	/**
	 * Whether Redis is available: the Pub/Sub connection is up with every subscription
	 * confirmed on it, and Redis answered since the last command it did not answer in
	 * time.
	 * @return {@code true} when it is
	 */
	public boolean isAvailable() {
		if (!isReachable()) {
			return false;
		}
		long losses = this.connectionLosses.get();
		if (this.usersConfirmedAt != losses) {
			return false;
		}
		for (Topic topic : this.topics.values()) {
			if (topic.count > 0 && topic.confirmedAt != losses) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether Redis is available and answers a {@code PING} within the timeout.
	 * @return {@code true} when it does
	 */
	public boolean checkAvailable() {
		if (!isAvailable()) {
			return false;
		}
		try {
			this.commands.ping();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** Whether the Pub/Sub connection is up and Redis answered the last command. */
	private boolean isReachable() {
		RedisPubSubAsyncCommands<byte[], byte[]> commands = this.pubSub;
		return commands != null && commands.getStatefulConnection().isOpen() && this.answering;
	}

	/**
	 * Redis did not answer a command within the timeout: it counts as unreachable until it
	 * answers a {@code PING}, which is sent at once and again until answered.
	 */
	private void unanswered() {
		this.answering = false;
		if (this.probing.compareAndSet(false, true)) {
			logger.warn("Redis did not answer within " + this.commands.timeout()
					+ " (ws-streams.redis.timeout): commands fail at once until it answers again");
			if (!schedule(this::probe, 0)) {
				this.probing.set(false);
			}
		}
	}

	/** Sends a {@code PING}, and again until Redis answers. Runs on the timer. */
	private void probe() {
		try {
			this.commands.ping();
		}
		catch (RuntimeException ex) {
			if (!later(this::probe)) {
				this.probing.set(false);
			}
			return;
		}
		this.answering = true;
		this.probing.set(false);
		logger.info("Redis answers again");
		// What Redis did not deliver meanwhile is in the logs.
		this.topics.values().forEach((topic) -> onLane(topic.name, () -> catchUp(topic)));
	}

	/**
	 * This node's id in what it publishes.
	 * @return the id
	 */
	String node() {
		return this.node;
	}

	/**
	 * Numbers a live publication or a user message of this node and publishes it on a
	 * channel.
	 * @param channel the channel
	 * @param body the message, of this node's {@link #node()}
	 * @param what the publication, for messages
	 */
	void publish(byte[] channel, byte[] body, String what) {
		this.commands.await(this.commands.sendNumbered((number) -> {
			Envelope.number(body, number);
			return this.commands.send((redis) -> redis.publish(channel, body), what);
		}), what);
	}

	/**
	 * Counts a subscriber of a topic; the first subscribes the topic's channel and
	 * returns once Redis confirmed it.
	 * @param topicName the topic
	 */
	public void subscribe(String topicName) {
		Topic topic = lock(topicName);
		try {
			topic.count++;
			if (topic.count == 1) {
				RedisPubSubAsyncCommands<byte[], byte[]> commands = this.pubSub;
				if (commands == null || !isReachable()) {
					throw new RedisConnectionFailureException("Redis is unreachable: cannot subscribe to " + topicName);
				}
				long losses = this.connectionLosses.get();
				this.commands.await(commands.subscribe(topic.channel), "subscribe to " + topicName);
				topic.confirmed(losses);
				topic.startTracking(this.logs.newest(topicName));
			}
			else if (topic.count == 0) {
				remove(topic);
			}
		}
		finally {
			topic.lock.unlock();
		}
	}

	/**
	 * Counts a subscriber of a topic less; the last unsubscribes the topic's channel.
	 * @param topicName the topic
	 */
	public void unsubscribe(String topicName) {
		Topic topic = lock(topicName);
		try {
			topic.count--;
			if (topic.count == 0) {
				// Sent before the topic is forgotten: a first subscriber that comes next
				// waits for this lock, so its SUBSCRIBE follows this UNSUBSCRIBE.
				RedisPubSubAsyncCommands<byte[], byte[]> commands = this.pubSub;
				if (commands != null) {
					commands.unsubscribe(topic.channel).exceptionally((ex) -> {
						logger.debug("Unsubscribing from " + topicName + " failed", ex);
						return null;
					});
				}
				remove(topic);
			}
		}
		finally {
			topic.lock.unlock();
		}
	}

	/**
	 * Whether this node subscribes a topic's channel.
	 * @param topicName the topic
	 * @return {@code true} when it has subscribers of the topic
	 */
	boolean isSubscribed(String topicName) {
		Topic topic = this.topics.get(topicName);
		return topic != null && topic.count > 0;
	}

	/** The topic, locked, created when needed. */
	private Topic lock(String name) {
		while (true) {
			Topic topic = this.topics.computeIfAbsent(name,
					(key) -> new Topic(key, RedisNames.bytes(this.names.channel(key))));
			topic.lock.lock();
			if (!topic.removed) {
				return topic;
			}
			topic.lock.unlock();
		}
	}

	/** Forgets a topic whose count is back at zero; holds its lock. */
	private void remove(Topic topic) {
		topic.removed = true;
		this.topics.remove(topic.name, topic);
	}

	@Override
	public void start() {
		Future<?> connecting;
		synchronized (this.lifecycle) {
			if (this.running) {
				return;
			}
			ExecutorService[] lanes = new ExecutorService[this.laneCount];
			for (int i = 0; i < lanes.length; i++) {
				lanes[i] = Executors.newSingleThreadExecutor(this.laneThreads);
			}
			this.lanes = lanes;
			ScheduledExecutorService timer = Executors
				.newSingleThreadScheduledExecutor(threads("ws-streams-redis-timer-"));
			this.timer = timer;
			this.running = true;
			connecting = timer.submit(this::connect);
		}
		try {
			// Usually quick; when Redis is unreachable, the node starts and keeps trying.
			connecting.get(this.commands.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// Reported by connect.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Opens the Pub/Sub connection with the users channel subscribed, or tries again in a
	 * second. Once open, Lettuce keeps it open, reconnecting and subscribing again as
	 * needed. Runs on the timer.
	 */
	private void connect() {
		if (!this.running || this.connection != null) {
			return;
		}
		RedisConnection connection = null;
		try {
			connection = this.connectionFactory.getConnection();
			connection.subscribe(this.receiver, this.names.usersChannelBytes());
			@SuppressWarnings("unchecked")
			RedisPubSubAsyncCommands<byte[], byte[]> commands = (RedisPubSubAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			synchronized (this.lifecycle) {
				if (this.running) {
					this.connection = connection;
					this.pubSub = commands;
					connection = null;
					this.losses.listen(commands);
				}
			}
			subscribeUnconfirmed();
			if (this.reportedUnreachable) {
				logger.info("Connected to Redis");
				this.reportedUnreachable = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.reportedUnreachable) {
				logger.warn("Cannot connect to Redis, trying again every " + RETRY_MILLIS + " ms: " + ex.getMessage());
				this.reportedUnreachable = true;
			}
			later(this::connect);
		}
		finally {
			if (connection != null) {
				closeQuietly(connection);
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycle) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.losses.stop();
			RedisConnection connection = this.connection;
			this.connection = null;
			this.pubSub = null;
			if (connection != null) {
				closeQuietly(connection);
			}
			ScheduledExecutorService timer = this.timer;
			if (timer != null) {
				timer.shutdownNow();
			}
			ExecutorService[] lanes = this.lanes;
			if (lanes != null) {
				for (ExecutorService lane : lanes) {
					lane.shutdownNow();
				}
			}
			this.lanes = null;
			this.timer = null;
			// Subscribed again on the next start.
			this.topics.values().forEach((topic) -> topic.confirmed = false);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private static void closeQuietly(RedisConnection connection) {
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			logger.debug("Closing the Pub/Sub connection failed", ex);
		}
	}

	/**
	 * Runs a task on the timer in a second, unless stopped.
	 * @return whether it will run
	 */
	private boolean later(Runnable task) {
		return schedule(task, RETRY_MILLIS);
	}

	private boolean schedule(Runnable task, long delayMillis) {
		ScheduledExecutorService timer = this.timer;
		if (timer != null) {
			try {
				timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
				return true;
			}
			catch (RejectedExecutionException ex) {
				// Stopped.
			}
		}
		return false;
	}

	/**
	 * Runs a task on this node's Redis timer every period, from now until it is cancelled
	 * or this component stops: the periodic work of the other Redis components, which
	 * start after it and stop before it.
	 * @param period the delay between the end of one run and the start of the next
	 * @param task the task, which must not throw
	 * @return the schedule, or {@code null} when not running
	 */
	@Nullable ScheduledFuture<?> every(Duration period, Runnable task) {
		ScheduledExecutorService timer = this.timer;
		if (timer != null) {
			try {
				return timer.scheduleWithFixedDelay(task, 0, period.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// Stopped.
			}
		}
		return null;
	}

	/** Runs a task on the lane of a topic or user, unless stopped. */
	private void onLane(String key, Runnable task) {
		ExecutorService[] lanes = this.lanes;
		if (lanes == null) {
			return;
		}
		try {
			lanes[Math.floorMod(key.hashCode(), lanes.length)].execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Delivery of a message for " + key + " failed", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Stopped.
		}
	}

	/** Subscribes the channels of topics that have subscribers but no confirmed subscription. */
	private void subscribeUnconfirmed() {
		RedisPubSubAsyncCommands<byte[], byte[]> commands = this.pubSub;
		if (commands == null) {
			return;
		}
		for (Topic topic : this.topics.values()) {
			if (topic.count > 0 && !topic.confirmed) {
				commands.subscribe(topic.channel);
			}
		}
	}

	/** Delivers a message that arrived on a topic's channel. Runs on the topic's lane. */
	private void deliver(String topicName, Envelope envelope) {
		Topic topic = this.topics.get(topicName);
		if (topic == null) {
			return;
		}
		switch (envelope.kind()) {
			case Envelope.LIVE -> deliver(TopicMessage.live(topicName, envelope.field(2),
					OutboundFrame.of(envelope.text()), envelope.optionalField(1)));
			case Envelope.PRESENCE -> deliver(new TopicMessage(topicName, envelope.field(2),
					OutboundFrame.of(envelope.text()), envelope.optionalField(1),
					new StreamId(Long.parseLong(envelope.field(0)), 0)));
			case Envelope.LOGGED -> {
				StreamId id = StreamId.parse(envelope.field(0));
				if (id == null) {
					logger.warn("Dropped a log entry of " + topicName + " without a valid id");
					return;
				}
				deliverEntry(topic, id, StreamId.parse(envelope.optionalField(1)), () -> new TopicMessage(topicName,
						envelope.field(2), OutboundFrame.of(envelope.text()), null, id));
			}
			default -> logger.warn("Dropped a message of unknown kind " + envelope.kind() + " on " + topicName);
		}
	}

	/**
	 * Delivers a log entry unless delivered already, after the entries between the last
	 * delivered and it when its previous id is not the last delivered.
	 */
	private void deliverEntry(Topic topic, StreamId id, @Nullable StreamId previous, Supplier<TopicMessage> message) {
		boolean tracking;
		StreamId last;
		synchronized (topic) {
			tracking = topic.tracking;
			last = topic.lastDelivered;
		}
		if (tracking) {
			if (last != null && id.compareTo(last) <= 0) {
				return;
			}
			if (!Objects.equals(previous, last)) {
				try {
					deliverFromLog(topic, last, id);
				}
				catch (RuntimeException ex) {
					logger.warn("Cannot read the entries of " + topic.name + " after " + last
							+ ", trying again in a second: " + ex.getMessage());
					catchUpLater(topic);
					return;
				}
			}
			if (!topic.advance(id)) {
				return;
			}
		}
		else {
			// Every subscriber is still joining: their replays cover what this skips.
			topic.advance(id);
		}
		deliver(message.get());
	}

	/**
	 * Delivers a topic's entries after one id, up to another (excluded) or to the end,
	 * those not delivered yet, in order.
	 */
	private void deliverFromLog(Topic topic, @Nullable StreamId after, @Nullable StreamId before) {
		StreamId from = after;
		while (true) {
			List<LogEntry> entries = this.logs.range(topic.name, from, before, BATCH);
			for (LogEntry entry : entries) {
				if ((before == null || entry.id().compareTo(before) < 0) && topic.advance(entry.id())) {
					deliver(entry(topic, entry));
				}
			}
			if (entries.size() < BATCH) {
				return;
			}
			from = entries.get(entries.size() - 1).id();
		}
	}

	/**
	 * Delivers a topic's entries after the last delivered, after Redis confirmed the
	 * topic's subscription again. Runs on the topic's lane.
	 */
	private void catchUp(Topic topic) {
		if (this.topics.get(topic.name) != topic) {
			return;
		}
		StreamId from;
		synchronized (topic) {
			if (!topic.tracking) {
				return;
			}
			from = topic.lastDelivered;
		}
		try {
			deliverFromLog(topic, from, null);
		}
		catch (RuntimeException ex) {
			logger.warn(
					"Cannot catch up on the log of " + topic.name + ", trying again in a second: " + ex.getMessage());
			catchUpLater(topic);
		}
	}

	private void catchUpLater(Topic topic) {
		later(() -> onLane(topic.name, () -> catchUp(topic)));
	}

	private static TopicMessage entry(Topic topic, LogEntry entry) {
		return new TopicMessage(topic.name, featureOf(topic.name), entry.frame(), null, entry.id());
	}

	/**
	 * The feature of a topic, {@code {stream}:{feature}}.
	 * @param topic the topic
	 * @return the feature
	 */
	static String featureOf(String topic) {
		return topic.substring(topic.lastIndexOf(':') + 1);
	}

	private void deliver(TopicMessage message) {
		BrokerListener listener = this.listener;
		if (listener == null) {
			return;
		}
		try {
			listener.onTopicMessage(message);
		}
		catch (RuntimeException ex) {
			logger.error("Delivery of a message of topic " + message.topic() + " failed", ex);
		}
	}

	private void deliverToUser(Envelope envelope) {
		BrokerListener listener = this.listener;
		if (listener == null) {
			return;
		}
		try {
			listener.onUserMessage(envelope.userMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Delivery of a user message failed", ex);
		}
	}

	private static CustomizableThreadFactory threads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * A topic this node subscribes: its subscriber count, and the last log id delivered.
	 */
	private static final class Topic {

		private final String name;

		private final byte[] channel;

		private final ReentrantLock lock = new ReentrantLock();

		/** Subscribers counted; below zero while a last one's report overtook a first's. Guarded by the lock. */
		private volatile int count;

		/** Whether the count went back to zero; guarded by the lock. */
		private boolean removed;

		/** Whether Redis confirmed the channel's subscription, so that Lettuce renews it. */
		private volatile boolean confirmed;

		/** The count of connection losses when Redis last confirmed the subscription. */
		private volatile long confirmedAt = -1;

		/** Whether the last delivered id is known, so that gaps can be told. Guarded by this. */
		private boolean tracking;

		/** The newest log id delivered; guarded by this. */
		private @Nullable StreamId lastDelivered;

		Topic(String name, byte[] channel) {
			this.name = name;
			this.channel = channel;
		}

		/** Redis confirmed the subscription, with the connection losses counted before. */
		void confirmed(long losses) {
			this.confirmed = true;
			this.confirmedAt = losses;
		}

		/** Starts telling gaps from the log's newest id when subscribed. */
		synchronized void startTracking(@Nullable StreamId newest) {
			advance(newest);
			this.tracking = true;
		}

		/**
		 * Records an id as delivered.
		 * @return whether it is newer than every id delivered before
		 */
		synchronized boolean advance(@Nullable StreamId id) {
			if (id == null || (this.lastDelivered != null && id.compareTo(this.lastDelivered) <= 0)) {
				return false;
			}
			this.lastDelivered = id;
			return true;
		}

	}

	/**
	 * Receives the Pub/Sub connection's messages and confirmations on Lettuce's event
	 * loop, and hands them to the lanes.
	 */
	private final class Receiver implements MessageListener, SubscriptionListener {

		private final Origins origins = new Origins();

		@Override
		public void onMessage(Message message, byte @Nullable [] pattern) {
			Envelope envelope = Envelope.decode(message.getBody());
			String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
			if (envelope == null) {
				logger.warn("Dropped a message that is not ws-streams' on " + channel);
				return;
			}
			if ((envelope.kind() == Envelope.LIVE || envelope.kind() == Envelope.USER) && !this.origins.isNew(envelope)) {
				logger.debug("Dropped a publication received before, sent again after a reconnect, on " + channel);
				return;
			}
			if (envelope.kind() == Envelope.USER) {
				onLane(envelope.field(1), () -> deliverToUser(envelope));
				return;
			}
			String topic = RedisTopics.this.names.topicOf(channel);
			if (topic != null) {
				onLane(topic, () -> deliver(topic, envelope));
			}
		}

		@Override
		public void onChannelSubscribed(byte[] channel, long count) {
			String name = new String(channel, StandardCharsets.UTF_8);
			long losses = RedisTopics.this.connectionLosses.get();
			if (name.equals(RedisTopics.this.names.usersChannel())) {
				RedisTopics.this.usersConfirmedAt = losses;
				// Connected or reconnected: subscriptions that failed are due.
				subscribeUnconfirmed();
				return;
			}
			String topicName = RedisTopics.this.names.topicOf(name);
			Topic topic = (topicName != null) ? RedisTopics.this.topics.get(topicName) : null;
			if (topic != null) {
				topic.confirmed(losses);
				onLane(topic.name, () -> catchUp(topic));
			}
		}

	}

	/**
	 * The number of the last publication received from each node, for the nodes heard from
	 * last.
	 */
	private static final class Origins {

		private static final int NODES = 1024;

		private final Map<String, Long> numbers = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
				return size() > NODES;
			}

		};

		/**
		 * Whether a publication's number is above the last of its node, which it becomes.
		 * @param envelope the publication
		 * @return {@code false} for a publication received before
		 */
		synchronized boolean isNew(Envelope envelope) {
			String node = envelope.originNode();
			if (node == null) {
				return true;
			}
			long number = envelope.originNumber();
			Long last = this.numbers.get(node);
			if (last != null && number <= last) {
				return false;
			}
			this.numbers.put(node, number);
			return true;
		}

	}

	/**
	 * Counts the losses of the Pub/Sub connection, told by the Lettuce client that the
	 * application's connection factory owns.
	 */
	private final class ConnectionLosses implements RedisConnectionStateListener {

		private volatile @Nullable AbstractRedisClient client;

		private volatile @Nullable Object connection;

		void listen(RedisPubSubAsyncCommands<byte[], byte[]> commands) {
			AbstractRedisClient client = RedisTopics.this.connectionFactory.getNativeClient();
			this.connection = commands.getStatefulConnection();
			if (client != null && this.client == null) {
				client.addListener(this);
				this.client = client;
			}
		}

		void stop() {
			AbstractRedisClient client = this.client;
			this.client = null;
			this.connection = null;
			if (client != null) {
				client.removeListener(this);
			}
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (connection == this.connection) {
				RedisTopics.this.connectionLosses.incrementAndGet();
			}
		}

	}

}

package io.wsstreams.connection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicMembers;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserConnections;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;

/**
 * This node's open connections, indexed by id, topic, stream, user and HTTP session, and
 * the local end of fan-out.
 *
 * <p>Delivery iterates a topic's subscribers and hands the same encoded frame to each;
 * {@link StreamConnection#send} never blocks, so one slow socket delays nobody.
 */
public final class ConnectionRegistry implements BrokerListener {

	private final Map<String, StreamConnection> byId = new ConcurrentHashMap<>();

	private final Map<String, Set<StreamConnection>> byStream = new ConcurrentHashMap<>();

	private final Map<String, Set<StreamConnection>> byUser = new ConcurrentHashMap<>();

	private final Map<String, SessionSockets> bySession = new ConcurrentHashMap<>();

	private final Object emptied = new Object();

	private final AtomicInteger leaving = new AtomicInteger();

	private final TopicMembers<StreamConnection> byTopic;

	private final OutboundFrames frames;

	private final StreamStatistics statistics;

	private final UserConnections userConnections;

	public ConnectionRegistry(MessageBroker broker, OutboundFrames frames, StreamStatistics statistics) {
		this(broker, frames, statistics, UserConnections.LOCAL);
	}

	public ConnectionRegistry(MessageBroker broker, OutboundFrames frames, StreamStatistics statistics,
			UserConnections userConnections) {
		this.byTopic = new TopicMembers<>(broker);
		this.frames = frames;
		this.statistics = statistics;
		this.userConnections = userConnections;
	}

	/**
	 * Adds a connection unless its user is at the connection limit, on this node or, with
	 * a shared {@link UserConnections}, on all nodes together.
	 * @param connection the connection
	 * @param maxPerUser the most connections one user may hold
	 * @return {@code false} when the user has too many connections
	 */
	boolean register(StreamConnection connection, int maxPerUser) {
		if (connection.user() != null) {
			String user = connection.user().id();
			boolean[] admitted = { false };
			this.byUser.compute(user, (key, connections) -> {
				Set<StreamConnection> set = (connections != null) ? connections : ConcurrentHashMap.newKeySet();
				if (set.size() < maxPerUser) {
					set.add(connection);
					admitted[0] = true;
				}
				return set.isEmpty() ? null : set;
			});
			if (!admitted[0]) {
				return false;
			}
			boolean shared;
			try {
				shared = this.userConnections.tryAdd(user, connection.id(), maxPerUser);
			}
			catch (RuntimeException ex) {
				remove(this.byUser, user, connection);
				throw ex;
			}
			if (!shared) {
				remove(this.byUser, user, connection);
				return false;
			}
		}
		this.byId.put(connection.id(), connection);
		add(this.byStream, connection.stream(), connection);
		String sessionId = connection.httpSessionId();
		if (sessionId != null) {
			this.bySession.compute(sessionId, (id, sockets) -> {
				SessionSockets entry = (sockets != null) ? sockets : new SessionSockets();
				entry.connections.add(connection);
				return entry;
			});
		}
		return true;
	}

	/**
	 * Subscribes a connection to one of its features' topics. Returns once the broker has
	 * the node's subscription of the topic: the topic's first member subscribes the
	 * broker, and members that arrive meanwhile wait for that, so that none of them reads
	 * a replay or gets its welcome before this node receives the topic's publications.
	 * @param connection the connection
	 * @param feature the feature
	 */
	public void subscribe(StreamConnection connection, String feature) {
		this.byTopic.add(StreamNames.topic(connection.stream(), feature), connection);
	}

	/**
	 * Waits until no connection is open and every connection that closed has left: its
	 * leave work, such as the application's leave callbacks, has run.
	 * @param timeout the longest wait
	 * @return {@code true} when none is open or leaving
	 * @throws InterruptedException when interrupted
	 */
	public boolean awaitEmpty(java.time.Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.emptied) {
			while (!this.byId.isEmpty() || this.leaving.get() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this.emptied, left);
			}
			return true;
		}
	}

	/**
	 * Removes a connection from every index, then runs its leave work, which
	 * {@link #awaitEmpty} waits for.
	 * @param connection the connection
	 * @param leave what to run, only when it was registered
	 */
	void unregister(StreamConnection connection, Runnable leave) {
		// Counted before it is removed, so that a waiter never sees it in neither state.
		this.leaving.incrementAndGet();
		try {
			if (unregister(connection)) {
				leave.run();
			}
		}
		finally {
			if (this.leaving.decrementAndGet() == 0 && this.byId.isEmpty()) {
				synchronized (this.emptied) {
					this.emptied.notifyAll();
				}
			}
		}
	}

	/**
	 * Removes a connection from every index.
	 * @param connection the connection
	 * @return {@code true} when it was registered
	 */
	boolean unregister(StreamConnection connection) {
		if (this.byId.remove(connection.id()) == null) {
			return false;
		}
		if (this.byId.isEmpty()) {
			synchronized (this.emptied) {
				this.emptied.notifyAll();
			}
		}
		for (String feature : connection.featureNames()) {
			this.byTopic.remove(StreamNames.topic(connection.stream(), feature), connection);
		}
		remove(this.byStream, connection.stream(), connection);
		if (connection.user() != null) {
			remove(this.byUser, connection.user().id(), connection);
			this.userConnections.remove(connection.user().id(), connection.id());
		}
		String sessionId = connection.httpSessionId();
		if (sessionId != null) {
			this.bySession.computeIfPresent(sessionId, (id, sockets) -> {
				sockets.connections.remove(connection);
				return sockets.connections.isEmpty() ? null : sockets;
			});
		}
		return true;
	}

	@Override
	public void onTopicMessage(TopicMessage message) {
		Set<StreamConnection> members = this.byTopic.get(message.topic());
		if (members == null) {
			return;
		}
		OutboundFrame frame = message.frame();
		String exclude = message.excludeConnectionId();
		int delivered = 0;
		StreamId id = message.id();
		for (StreamConnection connection : members) {
			if (exclude != null && exclude.equals(connection.id())) {
				continue;
			}
			if ((id != null) ? connection.sendLogged(message.topic(), id, frame) : connection.send(frame)) {
				delivered++;
			}
		}
		if (delivered > 0) {
			this.statistics.outbound(message.feature(), delivered, (long) delivered * frame.bytes());
		}
	}

	@Override
	public void onUserMessage(UserMessage message) {
		Set<StreamConnection> connections = this.byUser.get(message.userId());
		if (connections == null) {
			return;
		}
		Map<String, OutboundFrame> framesByStream = new HashMap<>(4);
		int delivered = 0;
		long bytes = 0;
		for (StreamConnection connection : connections) {
			if (!connection.features().containsKey(message.feature())) {
				continue;
			}
			OutboundFrame frame = framesByStream.computeIfAbsent(connection.stream(),
					(stream) -> this.frames.event(message.feature(), message.event(), stream, null, message.ts(),
							message.from(), message.dataJson()));
			if (connection.send(frame)) {
				delivered++;
				bytes += frame.bytes();
			}
		}
		if (delivered > 0) {
			this.statistics.outbound(message.feature(), delivered, bytes);
		}
	}

	/**
	 * A connection by id.
	 * @param id the connection id
	 * @return the connection, or {@code null}
	 */
	public @Nullable StreamConnection get(String id) {
		return this.byId.get(id);
	}

	/**
	 * Every open connection.
	 * @return a live view
	 */
	public Collection<StreamConnection> connections() {
		return this.byId.values();
	}

	public int size() {
		return this.byId.size();
	}

	/**
	 * The connections on one stream.
	 * @param stream the stream
	 * @return a snapshot, empty when there are none
	 */
	public List<StreamConnection> onStream(String stream) {
		Set<StreamConnection> connections = this.byStream.get(stream);
		return (connections != null) ? new ArrayList<>(connections) : List.of();
	}

	/**
	 * The streams that have connections on this node.
	 * @return the number of streams
	 */
	public int streamCount() {
		return this.byStream.size();
	}

	/**
	 * The connections of one user.
	 * @param userId the user
	 * @return a snapshot, empty when there are none
	 */
	public List<StreamConnection> ofUser(String userId) {
		Set<StreamConnection> connections = this.byUser.get(userId);
		return (connections != null) ? new ArrayList<>(connections) : List.of();
	}

	/**
	 * The local subscribers of a topic.
	 * @param topic the topic
	 * @return the number of connections
	 */
	public int subscriberCount(String topic) {
		Set<StreamConnection> members = this.byTopic.get(topic);
		return (members != null) ? members.size() : 0;
	}

	/**
	 * Runs an action for every HTTP session that has sockets here.
	 * @param action receives the session id and its sockets
	 */
	public void forEachSession(java.util.function.BiConsumer<String, SessionSockets> action) {
		this.bySession.forEach(action);
	}

	/**
	 * The sockets of one HTTP session.
	 * @param sessionId the session id
	 * @param action receives each connection
	 */
	public void forEachOfSession(String sessionId, Consumer<StreamConnection> action) {
		SessionSockets sockets = this.bySession.get(sessionId);
		if (sockets != null) {
			sockets.connections.forEach(action);
		}
	}

	private static void add(Map<String, Set<StreamConnection>> index, String key, StreamConnection connection) {
		index.compute(key, (k, set) -> {
			Set<StreamConnection> members = (set != null) ? set : ConcurrentHashMap.newKeySet();
			members.add(connection);
			return members;
		});
	}

	private static void remove(Map<String, Set<StreamConnection>> index, String key, StreamConnection connection) {
		index.computeIfPresent(key, (k, members) -> {
			members.remove(connection);
			return members.isEmpty() ? null : members;
		});
	}

	/**
	 * The sockets of one HTTP session and when the session was last refreshed for them.
	 */
	public static final class SessionSockets {

		final Set<StreamConnection> connections = ConcurrentHashMap.newKeySet();

		private volatile long touchedNanos = System.nanoTime();

		/**
		 * Whether any socket of the session received something since the session was last
		 * refreshed, and at least the given interval has passed since.
		 * @param now the current {@link System#nanoTime()}
		 * @param intervalNanos the least time between refreshes
		 * @return {@code true} when the session should be refreshed now
		 */
		public boolean touchDue(long now, long intervalNanos) {
			if (now - this.touchedNanos < intervalNanos) {
				return false;
			}
			for (StreamConnection connection : this.connections) {
				if (connection.lastReceivedNanos() - this.touchedNanos > 0) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Records a refresh of the session.
		 * @param now the current {@link System#nanoTime()}
		 */
		public void touched(long now) {
			this.touchedNanos = now;
		}

	}

}

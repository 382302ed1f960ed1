package io.wsstreams.broker.redis;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntSupplier;

import io.wsstreams.broker.ClusterNodes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The nodes sharing one Redis: each writes {@code connections,lastSeen} under its id in
 * one hash every interval and removes itself when it stops; a node that has not written
 * for three intervals is gone, and the next reader removes it.
 */
public final class RedisClusterNodes implements ClusterNodes, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisClusterNodes.class);

	private final RedisCommands commands;

	private final byte[] key;

	private final String id;

	private final IntSupplier connections;

	private final Duration interval;

	private final RedisTopics topics;

	private volatile @Nullable ScheduledFuture<?> schedule;

	public RedisClusterNodes(RedisTopics topics, IntSupplier connections, Duration interval) {
		this.topics = topics;
		this.commands = topics.commands();
		this.key = RedisNames.bytes(topics.names().prefix() + "nodes");
		this.id = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.connections = connections;
		this.interval = interval;
	}

	/**
	 * This node's id: its host name and a random suffix.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	@Override
	public List<Node> nodes() {
		Map<byte[], byte[]> entries = this.commands.call((redis) -> redis.hgetall(this.key), "read the nodes");
		long gone = System.currentTimeMillis() - this.interval.toMillis() * 3;
		List<Node> nodes = new ArrayList<>(entries.size());
		entries.forEach((node, value) -> {
			String[] fields = new String(value, StandardCharsets.UTF_8).split(",", 2);
			long lastSeen = Long.parseLong(fields[1]);
			if (lastSeen < gone) {
				this.commands.call((redis) -> redis.hdel(this.key, node), "forget a node that is gone");
			}
			else {
				nodes.add(new Node(new String(node, StandardCharsets.UTF_8), Integer.parseInt(fields[0]),
						Instant.ofEpochMilli(lastSeen)));
			}
		});
		nodes.sort(Comparator.comparing(Node::id));
		return nodes;
	}

	void report() {
		try {
			String value = this.connections.getAsInt() + "," + System.currentTimeMillis();
			this.commands.call((redis) -> redis.hset(this.key, RedisNames.bytes(this.id), RedisNames.bytes(value)),
					"report this node");
		}
		catch (RuntimeException ex) {
			logger.debug("Could not report this node to Redis", ex);
		}
	}

	@Override
	public void start() {
		this.schedule = this.topics.every(this.interval, this::report);
	}

	@Override
	public void stop() {
		ScheduledFuture<?> schedule = this.schedule;
		this.schedule = null;
		if (schedule != null) {
			schedule.cancel(false);
			try {
				this.commands.call((redis) -> redis.hdel(this.key, RedisNames.bytes(this.id)), "remove this node");
			}
			catch (RuntimeException ex) {
				logger.debug("Could not remove this node from Redis", ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "node";
		}
	}

}

package io.wsstreams.broker.redis;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.wsstreams.broker.ClusterNodes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The nodes sharing one Redis: each writes {@code connections,lastSeen} under its id in
 * one hash every interval and removes itself when it stops; a node that has not written
 * for three intervals is gone, and the next reader removes it.
 */
public final class RedisClusterNodes implements ClusterNodes, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisClusterNodes.class);

	private final StringRedisTemplate redis;

	private final String key;

	private final String id;

	private final IntSupplier connections;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService timer;

	public RedisClusterNodes(StringRedisTemplate redis, RedisNames names, IntSupplier connections,
			Duration interval) {
		this.redis = redis;
		this.key = names.prefix() + "nodes";
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
		Map<Object, Object> entries = this.redis.opsForHash().entries(this.key);
		long now = System.currentTimeMillis();
		long gone = now - this.interval.toMillis() * 3;
		List<Node> nodes = new ArrayList<>(entries.size());
		entries.forEach((node, value) -> {
			String[] fields = ((String) value).split(",", 2);
			long lastSeen = Long.parseLong(fields[1]);
			if (lastSeen < gone) {
				this.redis.opsForHash().delete(this.key, node);
			}
			else {
				nodes.add(new Node((String) node, Integer.parseInt(fields[0]), Instant.ofEpochMilli(lastSeen)));
			}
		});
		nodes.sort(Comparator.comparing(Node::id));
		return nodes;
	}

	void report() {
		try {
			this.redis.opsForHash()
				.put(this.key, this.id, this.connections.getAsInt() + "," + System.currentTimeMillis());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not report this node to Redis", ex);
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ws-streams-redis-nodes");
			thread.setDaemon(true);
			return thread;
		});
		timer.scheduleWithFixedDelay(this::report, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.timer = timer;
	}

	@Override
	public void stop() {
		ScheduledExecutorService timer = this.timer;
		this.timer = null;
		if (timer != null) {
			timer.shutdownNow();
			try {
				this.redis.opsForHash().delete(this.key, this.id);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not remove this node from Redis", ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
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

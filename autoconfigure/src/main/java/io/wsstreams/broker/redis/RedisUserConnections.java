package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ZAddArgs;
import io.wsstreams.broker.UserConnections;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Each user's connections across nodes, for the per-user limit: one sorted set per user
 * of connection ids scored by expiry. Admission is one Lua script (drop expired entries,
 * count, add), so two nodes admitting at once cannot both pass the limit. This node
 * refreshes the entries of its own connections in one round trip every third of the TTL,
 * so that a dead node's connections stop counting within it.
 */
public final class RedisUserConnections implements UserConnections, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisUserConnections.class);

	private final RedisCommands commands;

	private final RedisNames names;

	private final Duration ttl;

	private final Map<String, Set<String>> local = new ConcurrentHashMap<>();

	private final RedisTopics topics;

	private volatile @Nullable ScheduledFuture<?> schedule;

	public RedisUserConnections(RedisTopics topics, Duration ttl) {
		this.topics = topics;
		this.commands = topics.commands();
		this.names = topics.names();
		this.ttl = ttl;
	}

	@Override
	public boolean tryAdd(String user, String connectionId, int max) {
		long now = System.currentTimeMillis();
		List<?> admitted = this.commands.script(RedisScripts.USER_ADMIT, new byte[][] { key(user) },
				new byte[][] { bytes(Long.toString(now)), bytes(Long.toString(now + this.ttl.toMillis())),
						bytes(Integer.toString(max)), bytes(connectionId), bytes(Long.toString(keyTtl())) },
				"count the connections of a user");
		if (((Number) admitted.get(0)).longValue() != 1) {
			return false;
		}
		this.local.computeIfAbsent(user, (key) -> ConcurrentHashMap.newKeySet()).add(connectionId);
		return true;
	}

	@Override
	public void remove(String user, String connectionId) {
		this.local.computeIfPresent(user, (key, connections) -> {
			connections.remove(connectionId);
			return connections.isEmpty() ? null : connections;
		});
		try {
			this.commands.call((redis) -> redis.zrem(key(user), bytes(connectionId)),
					"forget a connection of a user");
		}
		catch (RuntimeException ex) {
			// The entry expires within the TTL once this node stops refreshing it.
			logger.debug("Could not remove connection " + connectionId + " from its user's count", ex);
		}
	}

	void refresh() {
		if (this.local.isEmpty()) {
			return;
		}
		double expiry = System.currentTimeMillis() + this.ttl.toMillis();
		long keyTtl = keyTtl();
		try {
			this.commands.call((redis) -> {
				RedisFuture<Boolean> last = null;
				for (Map.Entry<String, Set<String>> user : this.local.entrySet()) {
					byte[] key = key(user.getKey());
					for (String id : user.getValue()) {
						redis.zadd(key, ZAddArgs.Builder.xx(), expiry, bytes(id));
					}
					last = redis.pexpire(key, keyTtl);
				}
				return last;
			}, "refresh this node's user connection counts");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh this node's user connection counts: " + ex.getMessage());
		}
	}

	private byte[] key(String user) {
		return bytes(this.names.key("user/" + user, ":connections"));
	}

	private long keyTtl() {
		return this.ttl.toMillis() * 2;
	}

	private static byte[] bytes(String value) {
		return RedisNames.bytes(value);
	}

	@Override
	public void start() {
		this.schedule = this.topics.every(Duration.ofMillis(Math.max(100, this.ttl.toMillis() / 3)), this::refresh);
	}

	@Override
	public void stop() {
		ScheduledFuture<?> schedule = this.schedule;
		this.schedule = null;
		if (schedule != null) {
			schedule.cancel(false);
		}
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

}

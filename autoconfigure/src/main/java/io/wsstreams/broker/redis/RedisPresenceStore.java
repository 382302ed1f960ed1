package io.wsstreams.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wsstreams.PresenceUser;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisZSetCommands.ZAddArgs;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Presence shared by every node through Redis. Each stream's presence is four keys in one
 * Redis Cluster hash slot (the connections with their expiry, their users, the users'
 * records, and a version); every change is a Lua script that also publishes its event on
 * the presence topic's channel, so every node receives a stream's events in the order of
 * the changes, and the expiry of a dead node's connections is claimed by the first node
 * that runs it, so each of its users leaves once.
 *
 * <p>A user's record is {@code connections,since,anonymous,status}; the events' data is
 * built by the scripts in the shape {@link PresenceUser} is written in.
 */
public final class RedisPresenceStore implements PresenceStore {

	/** The built-in presence feature, whose topics the refresh and the users read. */
	private static final String FEATURE = "presence";

	/**
	 * Keys live this many TTLs, and at least a minute, past the last join or refresh, so
	 * that idle streams vanish.
	 */
	private static final int KEY_TTLS = 4;

	private static final long MIN_KEY_TTL = 60_000;

	private final StringRedisTemplate redis;

	private final RedisNames names;

	private final OutboundFrames frames;

	public RedisPresenceStore(StringRedisTemplate redis, RedisNames names, OutboundFrames frames) {
		this.redis = redis;
		this.names = names;
		this.frames = frames;
	}

	@Override
	public Joined join(Announcement at, String user, boolean anonymous, String connectionId, Duration ttl) {
		long now = System.currentTimeMillis();
		String topic = at.topic();
		List<?> result = this.redis.execute(RedisScripts.PRESENCE_JOIN, keys(topic), this.names.channel(topic), Long.toString(now),
				Long.toString(now + ttl.toMillis()), Long.toString(keyTtl(ttl)), user,
				anonymous ? "1" : "0", connectionId, at.feature(), orEmpty(at.excludeConnectionId()),
				head(at, "join"));
		if (result == null || result.size() < 4) {
			throw new IllegalStateException("Presence join of " + topic + " returned " + result);
		}
		boolean first = ((Number) result.get(0)).longValue() == 1;
		long version = ((Number) result.get(1)).longValue();
		PresenceUser joined = user(user, (String) result.get(2));
		return new Joined(joined, first, users((List<?>) result.get(3)), version);
	}

	@Override
	public @Nullable PresenceUser leave(Announcement at, String user, String connectionId) {
		String topic = at.topic();
		String record = this.redis.execute(RedisScripts.PRESENCE_LEAVE, keys(topic), this.names.channel(topic), user, connectionId,
				at.feature(), orEmpty(at.excludeConnectionId()), head(at, "leave"));
		return (record != null) ? user(user, record) : null;
	}

	@Override
	public @Nullable PresenceUser status(Announcement at, String user, String status) {
		String topic = at.topic();
		String record = this.redis.execute(RedisScripts.PRESENCE_STATUS, List.of(usersKey(topic), this.names.key(topic, "presence-version")),
				this.names.channel(topic), user, status, at.feature(), orEmpty(at.excludeConnectionId()),
				head(at, "update"));
		return (record != null) ? user(user, record) : null;
	}

	@Override
	public List<PresenceUser> users(String stream) {
		Map<Object, Object> records = this.redis.opsForHash()
			.entries(usersKey(StreamNames.topic(stream, FEATURE)));
		List<PresenceUser> users = new ArrayList<>(records.size());
		records.forEach((id, record) -> users.add(user((String) id, (String) record)));
		users.sort(Comparator.comparing(PresenceUser::id));
		return users;
	}

	@Override
	public void refresh(Collection<Member> members, Duration ttl) {
		long expiry = System.currentTimeMillis() + ttl.toMillis();
		long keyTtl = keyTtl(ttl);
		Map<String, List<Member>> byStream = new LinkedHashMap<>();
		for (Member member : members) {
			byStream.computeIfAbsent(member.stream(), (stream) -> new ArrayList<>()).add(member);
		}
		this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			byStream.forEach((stream, streamMembers) -> {
				List<String> keys = keys(StreamNames.topic(stream, FEATURE));
				byte[] expiries = RedisNames.bytes(keys.get(0));
				for (Member member : streamMembers) {
					connection.zSetCommands()
						.zAdd(expiries, expiry, RedisNames.bytes(member.connectionId()),
								ZAddArgs.ifExists());
				}
				for (String key : keys) {
					connection.keyCommands().pExpire(RedisNames.bytes(key), keyTtl);
				}
			});
			return null;
		});
	}

	@Override
	public int expire(String feature, Collection<String> streams) {
		if (streams.isEmpty()) {
			return 0;
		}
		String now = Long.toString(System.currentTimeMillis());
		byte[] script = RedisScripts.PRESENCE_EXPIRE.getScriptAsString().getBytes(StandardCharsets.UTF_8);
		List<Object> results = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String stream : streams) {
				Announcement at = Announcement.of(stream, feature);
				String topic = at.topic();
				List<String> keys = keys(topic);
				byte[][] keysAndArgs = new byte[keys.size() + 4][];
				for (int i = 0; i < keys.size(); i++) {
					keysAndArgs[i] = RedisNames.bytes(keys.get(i));
				}
				keysAndArgs[keys.size()] = RedisNames.bytes(this.names.channel(topic));
				keysAndArgs[keys.size() + 1] = RedisNames.bytes(now);
				keysAndArgs[keys.size() + 2] = RedisNames.bytes(feature);
				keysAndArgs[keys.size() + 3] = RedisNames.bytes(head(at, "leave"));
				connection.scriptingCommands().eval(script, ReturnType.INTEGER, keys.size(), keysAndArgs);
			}
			return null;
		});
		int left = 0;
		for (Object result : results) {
			if (result instanceof Number number) {
				left += number.intValue();
			}
		}
		return left;
	}

	/** The frame of an event up to its data, which the script appends with the closing brace. */
	private String head(Announcement at, String event) {
		String text = this.frames.event(at.feature(), event, at.stream(), null, at.timestamp(), at.from(), "").text();
		return text.substring(0, text.length() - 1);
	}

	private static long keyTtl(Duration ttl) {
		return Math.max(MIN_KEY_TTL, ttl.toMillis() * KEY_TTLS);
	}

	private List<String> keys(String topic) {
		return List.of(this.names.key(topic, "presence-expiries"), this.names.key(topic, "presence-owners"),
				usersKey(topic), this.names.key(topic, "presence-version"));
	}

	private String usersKey(String topic) {
		return this.names.key(topic, "presence-users");
	}

	private List<PresenceUser> users(List<?> flat) {
		List<PresenceUser> users = new ArrayList<>(flat.size() / 2);
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			users.add(user((String) flat.get(i), (String) flat.get(i + 1)));
		}
		users.sort(Comparator.comparing(PresenceUser::id));
		return users;
	}

	/** Reads a record {@code connections,since,anonymous,status}. */
	static PresenceUser user(String id, String record) {
		int first = record.indexOf(',');
		int second = record.indexOf(',', first + 1);
		int third = record.indexOf(',', second + 1);
		return new PresenceUser(id, record.charAt(second + 1) == '1', record.substring(third + 1),
				Integer.parseInt(record, 0, first, 10), Long.parseLong(record, first + 1, second, 10));
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}

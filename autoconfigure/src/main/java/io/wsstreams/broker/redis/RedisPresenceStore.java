package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.wsstreams.PresenceUser;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamNames;
import org.jspecify.annotations.Nullable;

/**
 * Presence shared by every node through Redis. Each stream's presence is four keys in one
 * Redis Cluster hash slot (the connections with their expiry, their users, the users'
 * records, and a version); every change is a Lua script that also publishes its event on
 * the presence topic's channel, so every node receives a stream's events in the order of
 * the changes, and the expiry of a dead node's connections is claimed by the first node
 * that runs it, so each of its users leaves once.
 *
 * <p>A user's record is {@code connections,since,anonymous,status}; the events' data is
 * built by the scripts in the shape {@link PresenceUser} is written in. Every command waits
 * at most {@code ws-streams.redis.timeout}.
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

	private final RedisCommands commands;

	private final RedisNames names;

	private final OutboundFrames frames;

	public RedisPresenceStore(RedisTopics topics, OutboundFrames frames) {
		this.commands = topics.commands();
		this.names = topics.names();
		this.frames = frames;
	}

	@Override
	public Joined join(Announcement at, String user, boolean anonymous, String connectionId, Duration ttl) {
		long now = System.currentTimeMillis();
		String topic = at.topic();
		List<?> result = this.commands.script(RedisScripts.PRESENCE_JOIN, keys(topic),
				"join the presence of " + topic,
				this.names.channel(topic), Long.toString(now), Long.toString(now + ttl.toMillis()),
				Long.toString(keyTtl(ttl)), user, anonymous ? "1" : "0", connectionId, at.feature(),
				RedisNames.orEmpty(at.excludeConnectionId()), head(at, "join"));
		boolean first = ((Number) result.get(0)).longValue() == 1;
		long version = ((Number) result.get(1)).longValue();
		PresenceUser joined = user(user, RedisNames.text(result.get(2)));
		return new Joined(joined, first, users((List<?>) result.get(3)), version);
	}

	@Override
	public @Nullable PresenceUser leave(Announcement at, String user, String connectionId) {
		String topic = at.topic();
		List<?> result = this.commands.script(RedisScripts.PRESENCE_LEAVE, keys(topic),
				"leave the presence of " + topic, this.names.channel(topic), user, connectionId, at.feature(),
				RedisNames.orEmpty(at.excludeConnectionId()),
				head(at, "leave"));
		return result.isEmpty() ? null : user(user, RedisNames.text(result.get(0)));
	}

	@Override
	public @Nullable PresenceUser status(Announcement at, String user, String status) {
		String topic = at.topic();
		List<?> result = this.commands.script(RedisScripts.PRESENCE_STATUS,
				List.of(usersKey(topic), versionKey(topic)),
				"change a status on " + topic, this.names.channel(topic), user, status, at.feature(),
				RedisNames.orEmpty(at.excludeConnectionId()), head(at, "update"));
		return result.isEmpty() ? null : user(user, RedisNames.text(result.get(0)));
	}

	@Override
	public List<PresenceUser> users(String stream) {
		String topic = StreamNames.topic(stream, FEATURE);
		Map<byte[], byte[]> records = this.commands.call(
				(redis) -> redis.hgetall(RedisNames.bytes(usersKey(topic))), "read the presence of " + topic);
		List<PresenceUser> users = new ArrayList<>(records.size());
		records.forEach((id, record) -> users.add(user(RedisNames.text(id), RedisNames.text(record))));
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
		// One round trip: the commands go out together, and the last answer comes last.
		this.commands.call((redis) -> {
			RedisFuture<Boolean> last = null;
			for (Map.Entry<String, List<Member>> stream : byStream.entrySet()) {
				List<String> keys = keys(StreamNames.topic(stream.getKey(), FEATURE));
				byte[] expiries = RedisNames.bytes(keys.get(0));
				for (Member member : stream.getValue()) {
					redis.zadd(expiries, ZAddArgs.Builder.xx(), (double) expiry,
							RedisNames.bytes(member.connectionId()));
				}
				for (String key : keys) {
					last = redis.pexpire(RedisNames.bytes(key), keyTtl);
				}
			}
			return last;
		}, "refresh this node's presence");
	}

	@Override
	public int expire(String feature, Collection<String> streams) {
		if (streams.isEmpty()) {
			return 0;
		}
		String now = Long.toString(System.currentTimeMillis());
		List<Announcement> announcements = streams.stream().map((stream) -> Announcement.of(stream, feature)).toList();
		List<RedisFuture<List<Object>>> replies = new ArrayList<>(announcements.size());
		// One round trip: the scripts go out together, and a PING after them answers last.
		this.commands.call((redis) -> {
			for (Announcement at : announcements) {
				replies.add(redis.evalsha(RedisScripts.PRESENCE_EXPIRE.getSha1(), ScriptOutputType.MULTI,
						RedisNames.bytes(keys(at.topic())), expireArgs(at, now)));
			}
			return redis.ping();
		}, "expire presence");
		int left = 0;
		for (int i = 0; i < replies.size(); i++) {
			List<?> reply;
			try {
				reply = this.commands.await(replies.get(i), "expire presence");
			}
			catch (RuntimeException ex) {
				if (!(ex.getCause() instanceof RedisNoScriptException)) {
					throw ex;
				}
				// Redis lost its scripts (a restart): this one loads it again.
				Announcement at = announcements.get(i);
				reply = this.commands.script(RedisScripts.PRESENCE_EXPIRE, RedisNames.bytes(keys(at.topic())),
						expireArgs(at, now), "expire presence");
			}
			left += ((Number) reply.get(0)).intValue();
		}
		return left;
	}

	private byte[][] expireArgs(Announcement at, String now) {
		return RedisNames.bytes(List.of(this.names.channel(at.topic()), now, at.feature(), head(at, "leave")));
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
		return List.of(this.names.key(topic, ":presence-expiries"), this.names.key(topic, ":presence-owners"),
				usersKey(topic), versionKey(topic));
	}

	private String usersKey(String topic) {
		return this.names.key(topic, ":presence-users");
	}

	private String versionKey(String topic) {
		return this.names.key(topic, ":presence-version");
	}

	private List<PresenceUser> users(List<?> flat) {
		List<PresenceUser> users = new ArrayList<>(flat.size() / 2);
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			users.add(user(RedisNames.text(flat.get(i)), RedisNames.text(flat.get(i + 1))));
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
}

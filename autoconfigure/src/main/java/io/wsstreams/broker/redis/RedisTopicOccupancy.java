package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ZAddArgs;
import io.wsstreams.broker.TopicOccupancy;
import org.jspecify.annotations.Nullable;

/**
 * Occupancy shared by every node through Redis. A space's keys share one Redis Cluster
 * hash slot: its subscription entries scored by expiry, the subscription count of each
 * channel, a version, and the members of each channel with members. Every change is a
 * Lua script, and a member change also publishes its frame on the channel's topic, so
 * every node receives a channel's member changes in the order of the changes. The expiry
 * of a dead node's entries is claimed by the first node that runs it, so each change it
 * makes is reported once.
 *
 * <p>An entry is {@code channel\nconnection\nuser}; a member's record is its connection
 * count, followed by {@code \n} and its info when it has one. Every command waits at most
 * {@code ws-streams.redis.timeout}.
 */
public final class RedisTopicOccupancy implements TopicOccupancy {

	/**
	 * Keys live this many TTLs, and at least a minute, past the last change or refresh,
	 * so that the keys of a space that every node left vanish.
	 */
	private static final int KEY_TTLS = 4;

	private static final long MIN_KEY_TTL = 60_000;

	private final RedisCommands commands;

	private final RedisNames names;

	private final String namespace;

	private final String feature;

	/**
	 * Creates the occupancy of a namespace.
	 * @param topics the Redis topics, whose connection and names it uses
	 * @param namespace the prefix of the namespace's topics
	 * @param feature the feature announcements are counted under
	 */
	public RedisTopicOccupancy(RedisTopics topics, String namespace, String feature) {
		this.commands = topics.commands();
		this.names = topics.names();
		this.namespace = namespace;
		this.feature = feature;
	}

	@Override
	public Subscribed subscribe(Subscription subscription, @Nullable String memberInfo, int maxMembers,
			@Nullable String addedFrame, Duration ttl) {
		long expiry = System.currentTimeMillis() + ttl.toMillis();
		String space = subscription.space();
		String channel = subscription.channel();
		List<?> result = this.commands.script(RedisScripts.OCCUPANCY_SUBSCRIBE,
				List.of(entriesKey(space), channelsKey(space), membersKey(space, channel), versionKey(space)),
				"subscribe to " + channel, entry(subscription), Long.toString(expiry), channel,
				RedisNames.orEmpty(subscription.user()), (memberInfo != null) ? "1" : "0",
				RedisNames.orEmpty(memberInfo),
				Integer.toString(maxMembers), this.names.channel(topic(space, channel)), subscription.connectionId(),
				this.feature, RedisNames.orEmpty(addedFrame), Long.toString(keyTtl(ttl)));
		if (number(result.get(0)) != 1) {
			return Subscribed.FULL;
		}
		return new Subscribed(true, number(result.get(1)) == 1, number(result.get(2)) == 1,
				members((List<?>) result.get(3)), number(result.get(4)));
	}

	@Override
	public Unsubscribed unsubscribe(Subscription subscription, @Nullable String removedFrame) {
		String space = subscription.space();
		String channel = subscription.channel();
		List<?> result = this.commands.script(RedisScripts.OCCUPANCY_UNSUBSCRIBE,
				List.of(entriesKey(space), channelsKey(space), membersKey(space, channel), versionKey(space)),
				"unsubscribe from " + channel, entry(subscription), channel, RedisNames.orEmpty(subscription.user()),
				this.names.channel(topic(space, channel)), subscription.connectionId(), this.feature,
				RedisNames.orEmpty(removedFrame));
		return new Unsubscribed(number(result.get(0)) == 1, number(result.get(1)) == 1);
	}

	@Override
	public Map<String, Counts> channels(String space) {
		Map<byte[], byte[]> counts = this.commands.call((redis) -> redis.hgetall(RedisNames.bytes(channelsKey(space))),
				"read the channels of " + space);
		Map<String, Integer> subscriptions = new TreeMap<>();
		counts.forEach((channel, count) -> {
			int value = Integer.parseInt(RedisNames.text(count));
			if (value > 0) {
				subscriptions.put(RedisNames.text(channel), value);
			}
		});
		List<String> names = new ArrayList<>(subscriptions.keySet());
		List<RedisFuture<Long>> users = new ArrayList<>(names.size());
		if (!names.isEmpty()) {
			// One round trip: the commands go out together, and the last answer comes last.
			this.commands.call((redis) -> {
				RedisFuture<Long> last = null;
				for (String channel : names) {
					last = redis.hlen(RedisNames.bytes(membersKey(space, channel)));
					users.add(last);
				}
				return last;
			}, "count the members of " + space);
		}
		Map<String, Counts> channels = new LinkedHashMap<>();
		for (int i = 0; i < names.size(); i++) {
			long members = this.commands.await(users.get(i), "count the members of " + space);
			channels.put(names.get(i), new Counts(subscriptions.get(names.get(i)), (int) members));
		}
		return channels;
	}

	@Override
	public Counts channel(String space, String channel) {
		List<Object> answers = new ArrayList<>(2);
		this.commands.call((redis) -> {
			RedisFuture<byte[]> count = redis.hget(RedisNames.bytes(channelsKey(space)), RedisNames.bytes(channel));
			RedisFuture<Long> members = redis.hlen(RedisNames.bytes(membersKey(space, channel)));
			answers.add(count);
			answers.add(members);
			return members;
		}, "read channel " + channel);
		@SuppressWarnings("unchecked")
		byte[] count = this.commands.await((RedisFuture<byte[]>) answers.get(0), "read channel " + channel);
		@SuppressWarnings("unchecked")
		long members = this.commands.await((RedisFuture<Long>) answers.get(1), "read channel " + channel);
		int subscriptions = (count != null) ? Math.max(0, Integer.parseInt(RedisNames.text(count))) : 0;
		return (subscriptions > 0) ? new Counts(subscriptions, (int) members) : new Counts(0, 0);
	}

	@Override
	public List<Member> members(String space, String channel) {
		String what = "read the members of " + channel;
		Map<byte[], byte[]> records = this.commands
			.call((redis) -> redis.hgetall(RedisNames.bytes(membersKey(space, channel))), what);
		List<Member> members = new ArrayList<>(records.size());
		records.forEach((user, record) -> members.add(member(RedisNames.text(user), RedisNames.text(record))));
		members.sort(Comparator.comparing(Member::user));
		return members;
	}

	@Override
	public void refresh(Collection<Subscription> subscriptions, Duration ttl) {
		if (subscriptions.isEmpty()) {
			return;
		}
		long expiry = System.currentTimeMillis() + ttl.toMillis();
		long keyTtl = keyTtl(ttl);
		// One round trip: the commands go out together, and the last answer comes last.
		this.commands.call((redis) -> {
			RedisFuture<Boolean> last = null;
			Map<String, List<String>> keysBySpace = new LinkedHashMap<>();
			for (Subscription subscription : subscriptions) {
				String space = subscription.space();
				redis.zadd(RedisNames.bytes(entriesKey(space)), ZAddArgs.Builder.xx(), (double) expiry,
						RedisNames.bytes(entry(subscription)));
				List<String> keys = keysBySpace.computeIfAbsent(space,
						(key) -> new ArrayList<>(List.of(entriesKey(space), channelsKey(space), versionKey(space))));
				if (subscription.user() != null) {
					String members = membersKey(space, subscription.channel());
					if (!keys.contains(members)) {
						keys.add(members);
					}
				}
			}
			for (List<String> keys : keysBySpace.values()) {
				for (String key : keys) {
					last = redis.pexpire(RedisNames.bytes(key), keyTtl);
				}
			}
			return last;
		}, "refresh this node's subscriptions");
	}

	@Override
	public List<Expired> expire(String space) {
		List<?> result = this.commands.script(RedisScripts.OCCUPANCY_EXPIRE,
				List.of(entriesKey(space), channelsKey(space)),
				"expire the subscriptions of " + space, Long.toString(System.currentTimeMillis()),
				this.names.key(this.namespace + space, ":occupancy-members:"));
		List<Expired> expired = new ArrayList<>(result.size() / 3);
		for (int i = 0; i + 2 < result.size(); i += 3) {
			String removed = RedisNames.text(result.get(i + 1));
			expired.add(new Expired(RedisNames.text(result.get(i)), removed.isEmpty() ? null : removed,
					number(result.get(i + 2)) == 1));
		}
		return expired;
	}

	private String topic(String space, String channel) {
		return this.namespace + space + '#' + channel;
	}

	private String entriesKey(String space) {
		return this.names.key(this.namespace + space, ":occupancy-entries");
	}

	private String channelsKey(String space) {
		return this.names.key(this.namespace + space, ":occupancy-channels");
	}

	private String versionKey(String space) {
		return this.names.key(this.namespace + space, ":occupancy-version");
	}

	private String membersKey(String space, String channel) {
		return this.names.key(this.namespace + space, ":occupancy-members:" + channel);
	}

	private static String entry(Subscription subscription) {
		return subscription.channel() + '\n' + subscription.connectionId() + '\n'
				+ RedisNames.orEmpty(subscription.user());
	}

	private static List<Member> members(List<?> flat) {
		List<Member> members = new ArrayList<>(flat.size() / 2);
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			members.add(member(RedisNames.text(flat.get(i)), RedisNames.text(flat.get(i + 1))));
		}
		members.sort(Comparator.comparing(Member::user));
		return members;
	}

	/** Reads a record {@code count} or {@code count\ninfo}. */
	private static Member member(String user, String record) {
		int newline = record.indexOf('\n');
		return new Member(user, (newline >= 0) ? record.substring(newline + 1) : null);
	}

	private static long keyTtl(Duration ttl) {
		return Math.max(MIN_KEY_TTL, ttl.toMillis() * KEY_TTLS);
	}

	private static long number(Object value) {
		return ((Number) value).longValue();
	}
}

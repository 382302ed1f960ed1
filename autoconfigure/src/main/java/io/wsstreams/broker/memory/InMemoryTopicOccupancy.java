package io.wsstreams.broker.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.TopicOccupancy;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.jspecify.annotations.Nullable;

/**
 * The single-node occupancy: every change and its announcement happen under one lock per
 * space, so that a channel's subscribers receive its member changes in order. Nothing
 * expires: the node that holds the entries is the only one.
 */
public final class InMemoryTopicOccupancy implements TopicOccupancy {

	private final String namespace;

	private final String feature;

	private final Map<String, Space> spaces = new HashMap<>();

	private volatile @Nullable Consumer<TopicMessage> announcements;

	/**
	 * Creates the occupancy of a namespace.
	 * @param namespace the prefix of the namespace's topics
	 * @param feature the feature announcements are counted under
	 */
	public InMemoryTopicOccupancy(String namespace, String feature) {
		this.namespace = namespace;
		this.feature = feature;
	}

	@Override
	public void start(Consumer<TopicMessage> announcements) {
		this.announcements = announcements;
	}

	@Override
	public Subscribed subscribe(Subscription subscription, @Nullable String memberInfo, int maxMembers,
			@Nullable String addedFrame, Duration ttl) {
		Space space = space(subscription.space());
		synchronized (space) {
			Channel channel = space.channels.computeIfAbsent(subscription.channel(), (name) -> new Channel());
			if (channel.connections.contains(subscription.connectionId())) {
				return new Subscribed(true, false, false, channel.members(), space.version);
			}
			String user = subscription.user();
			boolean added = false;
			if (user != null) {
				MemberEntry member = channel.members.get(user);
				if (member == null) {
					if (channel.members.size() >= maxMembers) {
						if (channel.connections.isEmpty()) {
							space.channels.remove(subscription.channel());
						}
						return Subscribed.FULL;
					}
					member = new MemberEntry(memberInfo);
					channel.members.put(user, member);
					added = true;
				}
				member.connections++;
			}
			boolean occupied = channel.connections.isEmpty();
			channel.connections.add(subscription.connectionId());
			if (added) {
				space.version++;
				if (addedFrame != null) {
					announce(subscription, addedFrame, space.version);
				}
			}
			return new Subscribed(true, occupied, added, channel.members(), space.version);
		}
	}

	@Override
	public Unsubscribed unsubscribe(Subscription subscription, @Nullable String removedFrame) {
		Space space = space(subscription.space());
		synchronized (space) {
			Channel channel = space.channels.get(subscription.channel());
			if (channel == null || !channel.connections.remove(subscription.connectionId())) {
				return Unsubscribed.NONE;
			}
			boolean removed = false;
			String user = subscription.user();
			MemberEntry member = (user != null) ? channel.members.get(user) : null;
			if (member != null && --member.connections == 0) {
				channel.members.remove(user);
				removed = true;
				space.version++;
				if (removedFrame != null) {
					announce(subscription, removedFrame, space.version);
				}
			}
			boolean vacated = channel.connections.isEmpty();
			if (vacated) {
				space.channels.remove(subscription.channel());
			}
			return new Unsubscribed(vacated, removed);
		}
	}

	@Override
	public Map<String, Counts> channels(String space) {
		Space found = space(space);
		synchronized (found) {
			Map<String, Counts> counts = new LinkedHashMap<>();
			found.channels.forEach((name, channel) -> counts.put(name, channel.counts()));
			return counts;
		}
	}

	@Override
	public Counts channel(String space, String channel) {
		Space found = space(space);
		synchronized (found) {
			Channel occupied = found.channels.get(channel);
			return (occupied != null) ? occupied.counts() : new Counts(0, 0);
		}
	}

	@Override
	public List<Member> members(String space, String channel) {
		Space found = space(space);
		synchronized (found) {
			Channel occupied = found.channels.get(channel);
			return (occupied != null) ? occupied.members() : List.of();
		}
	}

	@Override
	public void refresh(Collection<Subscription> subscriptions, Duration ttl) {
	}

	@Override
	public List<Expired> expire(String space) {
		return List.of();
	}

	private void announce(Subscription subscription, String frame, long version) {
		Consumer<TopicMessage> target = this.announcements;
		if (target != null) {
			String topic = this.namespace + subscription.space() + '#' + subscription.channel();
			target.accept(new TopicMessage(topic, this.feature, OutboundFrame.of(frame), subscription.connectionId(),
					new StreamId(version, 0)));
		}
	}

	private Space space(String name) {
		synchronized (this.spaces) {
			return this.spaces.computeIfAbsent(name, (key) -> new Space());
		}
	}

	private static final class Space {

		private final Map<String, Channel> channels = new TreeMap<>();

		private long version;

	}

	private static final class Channel {

		private final Set<String> connections = new HashSet<>();

		private final Map<String, MemberEntry> members = new TreeMap<>();

		Counts counts() {
			return new Counts(this.connections.size(), this.members.size());
		}

		List<Member> members() {
			List<Member> list = new ArrayList<>(this.members.size());
			this.members.forEach((user, entry) -> list.add(new Member(user, entry.info)));
			return list;
		}

	}

	private static final class MemberEntry {

		private final @Nullable String info;

		private int connections;

		MemberEntry(@Nullable String info) {
			this.info = info;
		}

	}

}

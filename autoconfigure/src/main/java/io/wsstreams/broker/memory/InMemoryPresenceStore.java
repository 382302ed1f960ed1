package io.wsstreams.broker.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.wsstreams.PresenceUser;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.protocol.OutboundFrames;
import org.jspecify.annotations.Nullable;

/**
 * The single-node presence store. A change and its announcement happen under the
 * stream's lock, and the in-memory broker delivers on the announcing thread, so every
 * connection receives a stream's events in the order of the changes.
 */
public final class InMemoryPresenceStore implements PresenceStore {

	private final Map<String, Users> streams = new ConcurrentHashMap<>();

	/** One counter for every stream: versions only need to grow within each. */
	private final AtomicLong versions = new AtomicLong();

	private final OutboundFrames frames;

	private volatile Consumer<TopicMessage> announcements = (message) -> {
	};

	public InMemoryPresenceStore(OutboundFrames frames) {
		this.frames = frames;
	}

	@Override
	public void start(Consumer<TopicMessage> announcements) {
		this.announcements = announcements;
	}

	@Override
	public Joined join(Announcement at, String user, boolean anonymous, String connectionId, Duration ttl) {
		while (true) {
			Users users = this.streams.computeIfAbsent(at.stream(), (key) -> new Users());
			synchronized (users) {
				if (this.streams.get(at.stream()) != users) {
					// A concurrent leave emptied and dropped this map; use the current one.
					continue;
				}
				Entry entry = users.entries.computeIfAbsent(user, (key) -> new Entry(user, anonymous));
				boolean first = entry.connections.isEmpty();
				entry.connections.put(connectionId, System.currentTimeMillis() + ttl.toMillis());
				PresenceUser snapshot = entry.snapshot();
				if (first) {
					announce(at, "join", this.frames.json(snapshot));
				}
				return new Joined(snapshot, first, users.snapshot(), users.version);
			}
		}
	}

	@Override
	public @Nullable PresenceUser leave(Announcement at, String user, String connectionId) {
		return withEntry(at.stream(), user, (users, entry) -> {
			if (entry.connections.remove(connectionId) == null || !entry.connections.isEmpty()) {
				return null;
			}
			users.entries.remove(user);
			announce(at, "leave", this.frames.json(Map.of("id", user)));
			if (users.entries.isEmpty()) {
				this.streams.remove(at.stream(), users);
			}
			return entry.snapshot();
		});
	}

	@Override
	public @Nullable PresenceUser status(Announcement at, String user, String status) {
		return withEntry(at.stream(), user, (users, entry) -> {
			entry.status = status;
			announce(at, "update", this.frames.json(new StatusChange(user, status)));
			return entry.snapshot();
		});
	}

	/** Runs an action on a user's entry while holding its stream's lock. */
	private @Nullable PresenceUser withEntry(String stream, String user,
			BiFunction<Users, Entry, @Nullable PresenceUser> action) {
		Users users = this.streams.get(stream);
		if (users == null) {
			return null;
		}
		synchronized (users) {
			Entry entry = users.entries.get(user);
			return (entry != null) ? action.apply(users, entry) : null;
		}
	}

	/**
	 * Announces a change; called with the stream's lock held, which orders the changes
	 * and their events alike.
	 */
	private void announce(Announcement at, String event, String dataJson) {
		long version = this.versions.incrementAndGet();
		Users users = this.streams.get(at.stream());
		if (users != null) {
			users.version = version;
		}
		this.announcements.accept(at.message(this.frames, event, dataJson, version));
	}

	@Override
	public List<PresenceUser> users(String stream) {
		Users users = this.streams.get(stream);
		if (users == null) {
			return List.of();
		}
		synchronized (users) {
			return users.snapshot();
		}
	}

	@Override
	public void refresh(Collection<Member> members, Duration ttl) {
		long expiry = System.currentTimeMillis() + ttl.toMillis();
		for (Member member : members) {
			withEntry(member.stream(), member.user(), (users, entry) -> {
				entry.connections.computeIfPresent(member.connectionId(), (id, old) -> expiry);
				return null;
			});
		}
	}

	@Override
	public int expire(String feature, Collection<String> streams) {
		long now = System.currentTimeMillis();
		int left = 0;
		for (Map.Entry<String, Users> stream : this.streams.entrySet()) {
			Users users = stream.getValue();
			synchronized (users) {
				Iterator<Entry> entries = users.entries.values().iterator();
				while (entries.hasNext()) {
					Entry entry = entries.next();
					entry.connections.values().removeIf((expiry) -> expiry < now);
					if (entry.connections.isEmpty()) {
						entries.remove();
						announce(Announcement.of(stream.getKey(), feature), "leave",
								this.frames.json(Map.of("id", entry.id)));
						left++;
					}
				}
				if (users.entries.isEmpty()) {
					this.streams.remove(stream.getKey(), users);
				}
			}
		}
		return left;
	}

	/**
	 * The data of an {@code update} event.
	 *
	 * @param id the user
	 * @param status the new status
	 */
	record StatusChange(String id, String status) {
	}

	/** A stream's users and the version of their last change; guarded by itself. */
	private static final class Users {

		private final Map<String, Entry> entries = new HashMap<>();

		private long version;

		List<PresenceUser> snapshot() {
			List<PresenceUser> result = new ArrayList<>(this.entries.size());
			this.entries.values().forEach((entry) -> result.add(entry.snapshot()));
			result.sort(Comparator.comparing(PresenceUser::id));
			return result;
		}

	}

	private static final class Entry {

		private final String id;

		private final boolean anonymous;

		private final long since = System.currentTimeMillis();

		private final Map<String, Long> connections = new HashMap<>(4);

		private String status = "online";

		Entry(String id, boolean anonymous) {
			this.id = id;
			this.anonymous = anonymous;
		}

		PresenceUser snapshot() {
			return new PresenceUser(this.id, this.anonymous, this.status, this.connections.size(), this.since);
		}

	}

}

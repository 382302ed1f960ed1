package io.wsstreams.broker.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import io.wsstreams.PresenceUser;
import io.wsstreams.broker.PresenceStore;
import org.jspecify.annotations.Nullable;

/**
 * The single-node presence store.
 */
public final class InMemoryPresenceStore implements PresenceStore {

	private final Map<String, Map<String, Entry>> streams = new ConcurrentHashMap<>();

	@Override
	public Change join(String stream, String user, boolean anonymous, String connectionId, Duration ttl) {
		while (true) {
			Map<String, Entry> users = this.streams.computeIfAbsent(stream, (key) -> new HashMap<>());
			synchronized (users) {
				if (this.streams.get(stream) != users) {
					// A concurrent leave emptied and dropped this map; use the current one.
					continue;
				}
				Entry entry = users.computeIfAbsent(user, (key) -> new Entry(user, anonymous));
				boolean first = entry.connections.isEmpty();
				entry.connections.put(connectionId, System.currentTimeMillis() + ttl.toMillis());
				return new Change(entry.snapshot(), first);
			}
		}
	}

	@Override
	public @Nullable PresenceUser leave(String stream, String user, String connectionId) {
		return withEntry(stream, user, (users, entry) -> {
			if (entry.connections.remove(connectionId) == null || !entry.connections.isEmpty()) {
				return null;
			}
			users.remove(user);
			if (users.isEmpty()) {
				this.streams.remove(stream, users);
			}
			return entry.snapshot();
		});
	}

	@Override
	public @Nullable PresenceUser status(String stream, String user, String status) {
		return withEntry(stream, user, (users, entry) -> {
			entry.status = status;
			return entry.snapshot();
		});
	}

	/** Runs an action on a user's entry while holding its stream's lock. */
	private @Nullable PresenceUser withEntry(String stream, String user,
			BiFunction<Map<String, Entry>, Entry, @Nullable PresenceUser> action) {
		Map<String, Entry> users = this.streams.get(stream);
		if (users == null) {
			return null;
		}
		synchronized (users) {
			Entry entry = users.get(user);
			return (entry != null) ? action.apply(users, entry) : null;
		}
	}

	@Override
	public List<PresenceUser> users(String stream) {
		Map<String, Entry> users = this.streams.get(stream);
		if (users == null) {
			return List.of();
		}
		List<PresenceUser> result = new ArrayList<>();
		synchronized (users) {
			users.values().forEach((entry) -> result.add(entry.snapshot()));
		}
		result.sort(Comparator.comparing(PresenceUser::id));
		return result;
	}

	@Override
	public void refresh(String stream, String user, String connectionId, Duration ttl) {
		withEntry(stream, user, (users, entry) -> {
			entry.connections.computeIfPresent(connectionId, (id, expiry) -> System.currentTimeMillis() + ttl.toMillis());
			return null;
		});
	}

	@Override
	public List<Departure> expire() {
		long now = System.currentTimeMillis();
		List<Departure> departures = new ArrayList<>();
		this.streams.forEach((stream, users) -> {
			synchronized (users) {
				Iterator<Entry> entries = users.values().iterator();
				while (entries.hasNext()) {
					Entry entry = entries.next();
					entry.connections.values().removeIf((expiry) -> expiry < now);
					if (entry.connections.isEmpty()) {
						entries.remove();
						departures.add(new Departure(stream, entry.snapshot()));
					}
				}
				if (users.isEmpty()) {
					this.streams.remove(stream, users);
				}
			}
		});
		return departures;
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

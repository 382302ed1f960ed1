package io.wsstreams.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.wsstreams.PresenceUser;
import io.wsstreams.PublishResult;
import io.wsstreams.StreamValidationException;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.PeriodicSweep;
import io.wsstreams.connection.SweepingBean;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.feature.FeatureDefinition;
import io.wsstreams.feature.FeatureRegistry;
import io.wsstreams.protocol.OutboundFrames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Presence on streams: sends {@code state} to a joining connection, and {@code join},
 * {@code leave} and {@code update} to the others, with a user's tabs coalesced.
 *
 * <p>Every change of a stream's presence is made and published under that stream's lock,
 * and a joining connection subscribes, reads the users and is sent its {@code state} under
 * the same lock. As publishing hands an event to this node's subscribers before it
 * returns (the in-memory broker delivers on the publishing thread), the {@code state}
 * comes before any other presence frame of the connection, and lists exactly the users
 * that the events it receives start from: no {@code join} of a user it lists, no
 * {@code leave} missed.
 *
 * <p>Every connection's entry carries a TTL; a timer thread refreshes the entries of this
 * node's live connections and expires the rest, so that users of a node that died leave
 * within the TTL once entries are shared.
 */
public final class PresenceService implements Delivery, SweepingBean {

	/** The built-in feature's name. */
	public static final String FEATURE = "presence";

	/** Statuses every client understands; others are custom. */
	public static final Set<String> STANDARD_STATUSES = Set.of("online", "away", "busy");

	private static final Log logger = LogFactory.getLog(PresenceService.class);

	private static final int LOCK_STRIPES = 64;

	private final ConnectionRegistry registry;

	private final PresenceStore store;

	private final LiveDelivery live;

	private final FeatureRegistry features;

	private final OutboundFrames frames;

	private final Duration ttl;

	private final int maxStatusLength;

	private final PeriodicSweep sweep;

	private final Object[] locks = new Object[LOCK_STRIPES];

	public PresenceService(ConnectionRegistry registry, PresenceStore store, LiveDelivery live,
			FeatureRegistry features, OutboundFrames frames, Duration ttl, int maxStatusLength) {
		this.registry = registry;
		this.store = store;
		this.live = live;
		this.features = features;
		this.frames = frames;
		this.ttl = ttl;
		this.maxStatusLength = maxStatusLength;
		for (int i = 0; i < this.locks.length; i++) {
			this.locks[i] = new Object();
		}
		this.sweep = new PeriodicSweep("presence", Duration.ofMillis(Math.max(100, ttl.toMillis() / 3)),
				this::refreshAndExpire);
	}

	@Override
	public PeriodicSweep periodicSweep() {
		return this.sweep;
	}

	/**
	 * Subscribes a connection, adds it to the stream's presence and sends it the
	 * {@code state}; the others get a {@code join} when its user was not there yet.
	 */
	@Override
	public void join(StreamConnection connection, FeatureDefinition feature, @Nullable String since) {
		String stream = connection.stream();
		synchronized (lock(stream)) {
			// Subscribed before the state is read, and the state queued before the lock is
			// released: the events it misses are those of changes it already reflects.
			this.registry.subscribe(connection, feature.name());
			PresenceStore.Change change = this.store.join(stream, key(connection), connection.user() == null,
					connection.id(), this.ttl);
			List<PresenceUser> users = this.store.users(stream);
			connection.send(this.frames.event(feature.name(), "state", stream, null, System.currentTimeMillis(),
					null, this.frames.json(Map.of("users", users))));
			if (change.first()) {
				publish(stream, "join", change.user(), connection);
			}
		}
	}

	@Override
	public void leave(StreamConnection connection, FeatureDefinition feature) {
		String stream = connection.stream();
		synchronized (lock(stream)) {
			PresenceUser left = this.store.leave(stream, key(connection), connection.id());
			if (left != null) {
				publish(stream, "leave", Map.of("id", left.id()), null);
			}
		}
	}

	/**
	 * Changes the status of the connection's user and tells the stream.
	 * @param connection the connection
	 * @param status the new status
	 * @return the user after the change
	 * @throws StreamValidationException when the status is empty or too long
	 */
	public PresenceUser status(StreamConnection connection, @Nullable String status) {
		String value = (status != null) ? status.strip() : "";
		if (value.isEmpty() || value.length() > this.maxStatusLength) {
			throw new StreamValidationException("status",
					"must be online, away, busy or a custom status of 1 to " + this.maxStatusLength + " characters");
		}
		String stream = connection.stream();
		synchronized (lock(stream)) {
			PresenceUser user = this.store.status(stream, key(connection), value);
			if (user == null) {
				throw new StreamValidationException("status", "not present on this stream");
			}
			publish(stream, "update", new StatusChange(user.id(), user.status()), null);
			return user;
		}
	}

	/**
	 * The users on a stream.
	 * @param stream the stream
	 * @return the users
	 */
	public List<PresenceUser> users(String stream) {
		return this.store.users(stream);
	}

	void refreshAndExpire() {
		try {
			for (StreamConnection connection : this.registry.connections()) {
				if (connection.features().containsKey(FEATURE) && connection.isOpen()) {
					this.store.refresh(connection.stream(), key(connection), connection.id(), this.ttl);
				}
			}
			for (PresenceStore.Departure departure : this.store.expire()) {
				// A connection that joins between the expiry and this leave has a state
				// without the user already, and receives a leave it can ignore.
				synchronized (lock(departure.stream())) {
					publish(departure.stream(), "leave", Map.of("id", departure.user().id()), null);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Presence refresh failed", ex);
		}
	}

	private void publish(String stream, String event, Object data, @Nullable StreamConnection exclude) {
		FeatureDefinition feature = this.features.get(FEATURE);
		if (feature == null) {
			return;
		}
		String from = (exclude != null && exclude.user() != null) ? exclude.user().id() : null;
		this.live.publish(new Publication(stream, feature, event, this.frames.json(data), System.currentTimeMillis(),
				from, (exclude != null) ? exclude.id() : null));
	}

	/**
	 * Publishes an event of the application on the presence topic, live.
	 * @param publication the event
	 * @return the result
	 */
	@Override
	public PublishResult publish(Publication publication) {
		return this.live.publish(publication);
	}

	/**
	 * Whether a feature is the built-in presence, rather than an application's feature of
	 * that name that replaces it.
	 * @param feature the feature
	 * @return {@code true} for the built-in one
	 */
	static boolean isBuiltIn(FeatureDefinition feature) {
		return FEATURE.equals(feature.name()) && PresenceFeature.class.equals(feature.beanType());
	}

	/** The lock of a stream's presence: one of a fixed set, shared by streams of equal hash. */
	private Object lock(String stream) {
		return this.locks[Math.floorMod(stream.hashCode(), LOCK_STRIPES)];
	}

	private static String key(StreamConnection connection) {
		return (connection.user() != null) ? connection.user().id() : connection.id();
	}

	/**
	 * The data of an {@code update} event.
	 *
	 * @param id the user
	 * @param status the new status
	 */
	record StatusChange(String id, String status) {
	}

}

package io.wsstreams.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
import io.wsstreams.protocol.OutboundFrames;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.protocol.StreamNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * Presence on streams: sends {@code state} to a joining connection, and {@code join},
 * {@code leave} and {@code update} to the others, with a user's tabs coalesced.
 *
 * <p>The {@link PresenceStore} makes each change and announces it in one step, with the
 * stream's next presence version as the event's id, so every node receives a stream's
 * events in the order of the changes. A joining connection holds back the topic's events
 * (as a {@code streams} join holds back live entries), subscribes, joins, and is sent
 * the users with the version they reflect; the held-back events newer than that version
 * follow, the older ones are dropped. So the {@code state} comes before any other
 * presence frame of the connection and lists exactly the users that the events it
 * receives start from: no {@code join} of a user it lists, no {@code leave} missed, on
 * one node or many.
 *
 * <p>Every connection's entry carries a TTL; a timer thread refreshes the entries of this
 * node's live connections in one step and expires the rest, so that users of a node that
 * died leave within the TTL once entries are shared.
 */
public final class PresenceService implements Delivery, SweepingBean {

	/** The built-in feature's name. */
	public static final String FEATURE = "presence";

	/** Statuses every client understands; others are custom. */
	public static final Set<String> STANDARD_STATUSES = Set.of("online", "away", "busy");

	private static final Log logger = LogFactory.getLog(PresenceService.class);

	private final ConnectionRegistry registry;

	private final PresenceStore store;

	private final LiveDelivery live;

	private final OutboundFrames frames;

	private final Duration ttl;

	private final int maxStatusLength;

	private final PeriodicSweep sweep;

	public PresenceService(ConnectionRegistry registry, PresenceStore store, LiveDelivery live, OutboundFrames frames,
			Duration ttl, int maxStatusLength) {
		this.registry = registry;
		this.store = store;
		this.live = live;
		this.frames = frames;
		this.ttl = ttl;
		this.maxStatusLength = maxStatusLength;
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
		String topic = StreamNames.topic(stream, feature.name());
		connection.beginReplay(topic);
		StreamId upTo = null;
		try {
			// Subscribed before joining: the events it misses are those of changes the
			// state already reflects, and the hold drops those that still arrive.
			this.registry.subscribe(connection, feature.name());
			PresenceStore.Joined joined = this.store.join(announcement(connection, feature.name()), key(connection),
					connection.user() == null, connection.id(), this.ttl);
			connection.send(this.frames.event(feature.name(), "state", stream, null, System.currentTimeMillis(), null,
					this.frames.json(Map.of("users", joined.users()))));
			upTo = PresenceStore.versionId(joined.version());
		}
		catch (RuntimeException ex) {
			// Without its state the client's view would be wrong silently: make it reconnect.
			connection.close(CloseStatus.SERVER_ERROR);
			throw ex;
		}
		finally {
			connection.endReplay(topic, upTo);
		}
	}

	@Override
	public void leave(StreamConnection connection, FeatureDefinition feature) {
		this.store.leave(new PresenceStore.Announcement(connection.stream(), feature.name(), System.currentTimeMillis(),
				null, null), key(connection), connection.id());
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
		PresenceUser user = this.store.status(new PresenceStore.Announcement(connection.stream(), FEATURE,
				System.currentTimeMillis(), null, null), key(connection), value);
		if (user == null) {
			throw new StreamValidationException("status", "not present on this stream");
		}
		return user;
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
			List<PresenceStore.Member> members = new ArrayList<>();
			Set<String> streams = new HashSet<>();
			for (StreamConnection connection : this.registry.connections()) {
				if (connection.features().containsKey(FEATURE) && connection.isOpen()) {
					members.add(new PresenceStore.Member(connection.stream(), key(connection), connection.id()));
					streams.add(connection.stream());
				}
			}
			if (!members.isEmpty()) {
				this.store.refresh(members, this.ttl);
			}
			// A connection that joins between the expiry and its leave event has a state
			// without the user already, and the hold drops the event.
			this.store.expire(FEATURE, streams);
		}
		catch (RuntimeException ex) {
			logger.warn("Presence refresh failed", ex);
		}
	}

	private static PresenceStore.Announcement announcement(StreamConnection connection, String feature) {
		return new PresenceStore.Announcement(connection.stream(), feature, System.currentTimeMillis(),
				(connection.user() != null) ? connection.user().id() : null, connection.id());
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

	private static String key(StreamConnection connection) {
		return (connection.user() != null) ? connection.user().id() : connection.id();
	}

}

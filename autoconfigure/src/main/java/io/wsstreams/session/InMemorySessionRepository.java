package io.wsstreams.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

/**
 * The session store used when the application has none: sessions in a map, with
 * {@link SessionDeletedEvent} on invalidation and {@link SessionExpiredEvent} when
 * {@link #purgeExpired()} finds an expired session, so that sockets of ended sessions
 * close at once.
 */
public final class InMemorySessionRepository implements SessionRepository<MapSession> {

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private final ApplicationEventPublisher events;

	private final Duration maxInactiveInterval;

	public InMemorySessionRepository(ApplicationEventPublisher events, Duration maxInactiveInterval) {
		this.events = events;
		this.maxInactiveInterval = maxInactiveInterval;
	}

	@Override
	public MapSession createSession() {
		MapSession session = new MapSession();
		session.setMaxInactiveInterval(this.maxInactiveInterval);
		return session;
	}

	@Override
	public void save(MapSession session) {
		if (!session.getId().equals(session.getOriginalId())) {
			this.sessions.remove(session.getOriginalId());
		}
		this.sessions.put(session.getId(), new MapSession(session));
	}

	@Override
	public @Nullable MapSession findById(String id) {
		Session saved = this.sessions.get(id);
		if (saved == null) {
			return null;
		}
		if (saved.isExpired()) {
			expire(saved);
			return null;
		}
		return new MapSession(saved);
	}

	@Override
	public void deleteById(String id) {
		Session removed = this.sessions.remove(id);
		if (removed != null) {
			this.events.publishEvent(new SessionDeletedEvent(this, removed));
		}
	}

	/**
	 * Refreshes a session's last access time in place, without the read-modify-write of
	 * {@link #save} that could bring back a session deleted meanwhile.
	 * @param id the session id
	 * @return {@code false} when the session no longer exists or has expired
	 */
	public boolean touch(String id) {
		Instant now = Instant.now();
		boolean[] touched = { false };
		this.sessions.computeIfPresent(id, (key, session) -> {
			if (!session.isExpired()) {
				session.setLastAccessedTime(now);
				touched[0] = true;
			}
			return session;
		});
		return touched[0];
	}

	/**
	 * Removes expired sessions and announces them.
	 */
	public void purgeExpired() {
		for (Session session : this.sessions.values()) {
			if (session.isExpired()) {
				expire(session);
			}
		}
	}

	private void expire(Session session) {
		if (this.sessions.remove(session.getId(), session)) {
			this.events.publishEvent(new SessionExpiredEvent(this, session));
		}
	}

	/**
	 * The number of stored sessions.
	 * @return the count
	 */
	public int size() {
		return this.sessions.size();
	}

}

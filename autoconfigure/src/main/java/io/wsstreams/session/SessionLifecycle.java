package io.wsstreams.session;

import java.time.Duration;
import java.time.Instant;

import io.wsstreams.connection.ConnectionRegistry;
import io.wsstreams.connection.PeriodicSweep;
import io.wsstreams.connection.StreamConnection;
import io.wsstreams.connection.SweepingBean;
import io.wsstreams.protocol.CloseCodes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.events.SessionDestroyedEvent;

/**
 * Ties sockets to their HTTP session: closes them with 4401 when the session ends, and
 * keeps the session from expiring while its sockets are in use.
 *
 * <p>Session events close sockets at once where the store publishes them; a sweep on
 * its own thread checks every session with sockets as the backstop, and refreshes the
 * last access time of sessions whose sockets received traffic, at most once per touch
 * interval. Store calls may block (Redis), so they never run on a container or heartbeat
 * thread. A session that cannot be checked, while its store is unreachable say, keeps its
 * sockets open until a check says it ended; a run of failing checks is logged once. The
 * sweep also closes the sockets that a bearer token authenticated without a session once
 * the token has expired, with 4401 like a session that ended.
 */
public final class SessionLifecycle implements ApplicationListener<SessionDestroyedEvent>, SweepingBean {

	private static final Log logger = LogFactory.getLog(SessionLifecycle.class);

	private final ConnectionRegistry registry;

	private final SessionRepository<? extends Session> repository;

	private final long touchIntervalNanos;

	private final PeriodicSweep sweep;

	/** Whether the last sweep had checks that failed; only the sweep thread uses it. */
	private boolean failing;

	public SessionLifecycle(ConnectionRegistry registry, SessionRepository<? extends Session> repository,
			Duration checkInterval, Duration touchInterval) {
		this.registry = registry;
		this.repository = repository;
		this.touchIntervalNanos = touchInterval.toNanos();
		this.sweep = new PeriodicSweep("session", checkInterval, this::sweep);
	}

	@Override
	public PeriodicSweep periodicSweep() {
		return this.sweep;
	}

	@Override
	public void onApplicationEvent(SessionDestroyedEvent event) {
		end(event.getSessionId());
	}

	/**
	 * Closes every socket of a session with 4401.
	 * @param sessionId the session id
	 */
	public void end(String sessionId) {
		this.registry.forEachOfSession(sessionId, (connection) -> connection.close(CloseCodes.sessionEnded()));
	}

	void sweep() {
		closeExpired(Instant.now());
		try {
			if (this.repository instanceof InMemorySessionRepository memory) {
				memory.purgeExpired();
			}
			long now = System.nanoTime();
			int[] failed = { 0 };
			RuntimeException[] first = { null };
			this.registry.forEachSession((sessionId, sockets) -> {
				try {
					boolean touch = sockets.touchDue(now, this.touchIntervalNanos);
					if (!(touch ? touch(sessionId) : exists(sessionId))) {
						end(sessionId);
					}
					else if (touch) {
						sockets.touched(now);
					}
				}
				catch (RuntimeException ex) {
					failed[0]++;
					if (first[0] == null) {
						first[0] = ex;
					}
				}
			});
			reportChecks(failed[0], first[0]);
		}
		catch (RuntimeException ex) {
			logger.warn("Session sweep failed", ex);
		}
	}

	/**
	 * Closes the connections without a session whose bearer token has expired, with 4401.
	 * @param now the time to compare with
	 */
	void closeExpired(Instant now) {
		for (StreamConnection connection : this.registry.connections()) {
			Instant expiresAt = connection.expiresAt();
			if (expiresAt != null && !expiresAt.isAfter(now)) {
				connection.close(CloseCodes.sessionEnded());
			}
		}
	}

	private void reportChecks(int failed, @Nullable RuntimeException first) {
		if (first != null) {
			String message = failed + " session check(s) failed; will retry: " + first;
			if (!this.failing) {
				logger.warn(message, first);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug(message, first);
			}
		}
		else if (this.failing) {
			logger.info("Session checks succeed again");
		}
		this.failing = first != null;
	}

	private boolean exists(String sessionId) {
		Session session = this.repository.findById(sessionId);
		return session != null && !session.isExpired();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private boolean touch(String sessionId) {
		if (this.repository instanceof InMemorySessionRepository memory) {
			return memory.touch(sessionId);
		}
		Session session = this.repository.findById(sessionId);
		if (session == null || session.isExpired()) {
			return false;
		}
		session.setLastAccessedTime(Instant.now());
		((SessionRepository) this.repository).save(session);
		return true;
	}

}

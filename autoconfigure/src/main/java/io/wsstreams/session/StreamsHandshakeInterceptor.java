package io.wsstreams.session;

import java.util.Map;
import java.util.function.BooleanSupplier;

import io.wsstreams.StreamUser;
import io.wsstreams.StreamUserResolver;
import io.wsstreams.connection.HandshakeInfo;
import io.wsstreams.connection.StreamStatistics;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Checks a handshake before the upgrade: the {@code Origin} (403), then the Spring
 * Session from the cookie or {@code X-Auth-Token} header (401 when sessions are required
 * and there is no signed-in session). Passes the session id and user to the handler.
 */
public final class StreamsHandshakeInterceptor implements HandshakeInterceptor {

	private final OriginPolicy origins;

	private final SessionIdResolver sessionIds;

	private final SessionRepository<? extends Session> sessions;

	private final StreamUserResolver users;

	private final boolean sessionRequired;

	private final StreamStatistics statistics;

	private final BooleanSupplier accepting;

	public StreamsHandshakeInterceptor(OriginPolicy origins, SessionIdResolver sessionIds,
			SessionRepository<? extends Session> sessions, StreamUserResolver users, boolean sessionRequired,
			StreamStatistics statistics, BooleanSupplier accepting) {
		this.origins = origins;
		this.sessionIds = sessionIds;
		this.sessions = sessions;
		this.users = users;
		this.sessionRequired = sessionRequired;
		this.statistics = statistics;
		this.accepting = accepting;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		if (!this.accepting.getAsBoolean()) {
			return reject(response, HttpStatus.SERVICE_UNAVAILABLE, "draining");
		}
		if (!this.origins.allows(request)) {
			return reject(response, HttpStatus.FORBIDDEN, "origin");
		}
		Session session = findSession(request);
		StreamUser user = (session != null) ? this.users.resolve(session) : null;
		if (this.sessionRequired && user == null) {
			return reject(response, HttpStatus.UNAUTHORIZED, "session");
		}
		attributes.put(HandshakeInfo.ATTRIBUTE, new HandshakeInfo((session != null) ? session.getId() : null, user));
		return true;
	}

	private @Nullable Session findSession(ServerHttpRequest request) {
		for (String id : this.sessionIds.resolve(request)) {
			Session session = this.sessions.findById(id);
			if (session != null && !session.isExpired()) {
				return session;
			}
		}
		return null;
	}

	private boolean reject(ServerHttpResponse response, HttpStatus status, String reason) {
		this.statistics.rejected(reason);
		response.setStatusCode(status);
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

}

package io.wsstreams.session;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.wsstreams.StreamUser;
import io.wsstreams.StreamUserResolver;
import io.wsstreams.connection.HandshakeInfo;
import io.wsstreams.connection.StreamStatistics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
 * Session from the cookie or {@code X-Auth-Token} header, else a principal that Spring
 * Security authenticated without a session (401 when sessions are required and neither
 * names a user). Passes the session id, user and principal to the handler. Each refusal is
 * logged at DEBUG with its reason, never with a session id or a credential.
 */
public final class StreamsHandshakeInterceptor implements HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(StreamsHandshakeInterceptor.class);

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
			return reject(request, response, HttpStatus.SERVICE_UNAVAILABLE, "draining", "this node is draining");
		}
		if (!this.origins.allows(request)) {
			return reject(request, response, HttpStatus.FORBIDDEN, "origin",
					"Origin " + abbreviate(request.getHeaders().getOrigin()) + " is not allowed");
		}
		List<String> ids = this.sessionIds.resolve(request);
		Session session = findSession(ids);
		StreamUser user = (session != null) ? this.users.resolve(session) : null;
		Principal principal = SecurityPrincipals.authenticated(request.getPrincipal());
		Instant expiresAt = null;
		if (user == null && principal != null) {
			// Authenticated without a session (HTTP Basic, a bearer token): no session to end.
			session = null;
			user = this.users.resolve(principal);
			expiresAt = SecurityPrincipals.expiresAt(principal);
			if (user != null && expiresAt != null && !expiresAt.isAfter(Instant.now())) {
				return reject(request, response, HttpStatus.UNAUTHORIZED, "session", "the bearer token has expired");
			}
		}
		if (this.sessionRequired && user == null) {
			return reject(request, response, HttpStatus.UNAUTHORIZED, "session", whyNoUser(ids, session, principal));
		}
		attributes.put(HandshakeInfo.ATTRIBUTE,
				new HandshakeInfo((session != null) ? session.getId() : null, user, principal, expiresAt));
		return true;
	}

	/**
	 * The signed-in user of a request, found as a handshake finds it: the user of its
	 * session (cookie or header), else the principal Spring Security authenticated it
	 * with, unless that principal's token expired.
	 * @param request the request
	 * @return the user, or {@code null} when nobody is signed in
	 */
	public @Nullable StreamUser userOf(ServerHttpRequest request) {
		Session session = findSession(this.sessionIds.resolve(request));
		StreamUser user = (session != null) ? this.users.resolve(session) : null;
		Principal principal = (user == null) ? SecurityPrincipals.authenticated(request.getPrincipal()) : null;
		if (principal != null) {
			Instant expiresAt = SecurityPrincipals.expiresAt(principal);
			if (expiresAt == null || expiresAt.isAfter(Instant.now())) {
				user = this.users.resolve(principal);
			}
		}
		return user;
	}

	private static String whyNoUser(List<String> ids, @Nullable Session session, @Nullable Principal principal) {
		if (principal != null) {
			return "the user resolver refused the authenticated principal";
		}
		if (ids.isEmpty()) {
			return "no session id in the session cookie or header, and no authenticated principal";
		}
		if (session == null) {
			return "the session is unknown or expired (" + ids.size() + " session id(s) tried)";
		}
		return "the session has no signed-in user";
	}

	private @Nullable Session findSession(List<String> ids) {
		for (String id : ids) {
			Session session = this.sessions.findById(id);
			if (session != null && !session.isExpired()) {
				return session;
			}
		}
		return null;
	}

	private boolean reject(ServerHttpRequest request, ServerHttpResponse response, HttpStatus status, String reason,
			String detail) {
		this.statistics.rejected(reason);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused the handshake of " + request.getURI().getPath() + " from "
					+ request.getRemoteAddress() + " with " + status.value() + ": " + detail);
		}
		response.setStatusCode(status);
		return false;
	}

	private static String abbreviate(@Nullable String text) {
		if (text == null) {
			return "(none)";
		}
		return (text.length() <= 100) ? text : text.substring(0, 97) + "...";
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

}

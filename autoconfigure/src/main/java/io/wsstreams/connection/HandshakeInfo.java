package io.wsstreams.connection;

import java.security.Principal;
import java.time.Instant;

import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;

/**
 * What the handshake learnt about a connection, handed from the interceptor to the
 * WebSocket handler through the session attributes.
 *
 * @param sessionId the HTTP session id, or {@code null} without a session; never log it
 * @param user the connection's user, or {@code null} when anonymous
 * @param principal the principal that authenticated the handshake (Spring Security's
 * {@code Authentication}), or {@code null}
 * @param expiresAt when the credentials of a connection without a session expire (a bearer
 * token's expiry), or {@code null}
 */
public record HandshakeInfo(@Nullable String sessionId, @Nullable StreamUser user, @Nullable Principal principal,
		@Nullable Instant expiresAt) {

	/** The attribute under which the interceptor stores this record. */
	public static final String ATTRIBUTE = HandshakeInfo.class.getName();

	/** An anonymous connection without a session. */
	public static final HandshakeInfo ANONYMOUS = new HandshakeInfo(null, null);

	/**
	 * A connection of a session, or an anonymous one.
	 * @param sessionId the HTTP session id, or {@code null}
	 * @param user the user, or {@code null}
	 */
	public HandshakeInfo(@Nullable String sessionId, @Nullable StreamUser user) {
		this(sessionId, user, null, null);
	}

	@Override
	public String toString() {
		// Keep the session id and the credentials out of any accidental log line.
		return "HandshakeInfo[user=" + this.user + ", session=" + ((this.sessionId != null) ? "present" : "none")
				+ ", expiresAt=" + this.expiresAt + "]";
	}

}

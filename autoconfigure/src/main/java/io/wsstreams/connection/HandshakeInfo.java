package io.wsstreams.connection;

import io.wsstreams.StreamUser;
import org.jspecify.annotations.Nullable;

/**
 * What the handshake learnt about a connection, handed from the interceptor to the
 * WebSocket handler through the session attributes.
 *
 * @param sessionId the HTTP session id, or {@code null} without a session; never log it
 * @param user the session's user, or {@code null} when anonymous
 */
public record HandshakeInfo(@Nullable String sessionId, @Nullable StreamUser user) {

	/** The attribute under which the interceptor stores this record. */
	public static final String ATTRIBUTE = HandshakeInfo.class.getName();

	/** An anonymous connection without a session. */
	public static final HandshakeInfo ANONYMOUS = new HandshakeInfo(null, null);

	@Override
	public String toString() {
		// Keep the session id out of any accidental log line.
		return "HandshakeInfo[user=" + this.user + ", session=" + ((this.sessionId != null) ? "present" : "none")
				+ "]";
	}

}

package io.wsstreams.protocol;

import java.nio.charset.StandardCharsets;

import org.springframework.web.socket.CloseStatus;

/**
 * The close codes and reasons of the protocol.
 */
public final class CloseCodes {

	/** Parameter checks after the upgrade failed; the client should not reconnect. */
	public static final int POLICY_VIOLATION = 1008;

	/** A frame was over the size limit. */
	public static final int TOO_BIG = 1009;

	/** The server failed. */
	public static final int INTERNAL_ERROR = 1011;

	/** Graceful shutdown or drain. */
	public static final int SERVICE_RESTART = 1012;

	/** Closed by an operator. */
	public static final int GOING_AWAY = 1001;

	/** The HTTP session ended. */
	public static final int SESSION_ENDED = 4401;

	/** The authorization hook denied a feature. */
	public static final int FORBIDDEN = 4403;

	/** No frame or pong arrived within the heartbeat timeout. */
	public static final int HEARTBEAT_TIMEOUT = 4408;

	/** The user has too many connections. */
	public static final int TOO_MANY_CONNECTIONS = 4429;

	/** The connection's outbound queue went over its limit. */
	public static final int SLOW_CONSUMER = 4509;

	private static final int MAX_REASON_BYTES = 123;

	private CloseCodes() {
	}

	/**
	 * A close status whose reason fits the 123 bytes a close frame allows.
	 * @param code the close code
	 * @param reason the reason, truncated when too long
	 * @return the close status
	 */
	public static CloseStatus status(int code, String reason) {
		return new CloseStatus(code, fit(reason));
	}

	public static CloseStatus sessionEnded() {
		return status(SESSION_ENDED, "Session ended");
	}

	public static CloseStatus heartbeatTimeout() {
		return status(HEARTBEAT_TIMEOUT, "Heartbeat timeout");
	}

	public static CloseStatus slowConsumer() {
		return status(SLOW_CONSUMER, "Slow consumer");
	}

	public static CloseStatus serviceRestart() {
		return status(SERVICE_RESTART, "Service restart");
	}

	public static CloseStatus goingAway() {
		return status(GOING_AWAY, "Going away");
	}

	static String fit(String reason) {
		if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
			return reason;
		}
		StringBuilder fitted = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < reason.length(); i = reason.offsetByCodePoints(i, 1)) {
			String codePoint = new String(Character.toChars(reason.codePointAt(i)));
			int size = codePoint.getBytes(StandardCharsets.UTF_8).length;
			if (bytes + size > MAX_REASON_BYTES - 3) {
				break;
			}
			fitted.append(codePoint);
			bytes += size;
		}
		return fitted.append("...").toString();
	}

}

package io.wsstreams.test;

/**
 * How a connection closed: the close frame's code and reason, or
 * {@value StreamsTestConnection#ABNORMAL_CLOSURE} when it broke without one.
 *
 * @param code the close code, such as 4401
 * @param reason the reason, such as {@code Session ended}
 */
public record CloseStatus(int code, String reason) {

	@Override
	public String toString() {
		return this.code + (this.reason.isEmpty() ? "" : " " + this.reason);
	}

}

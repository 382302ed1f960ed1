package io.wsstreams.test;

/**
 * The server answered the WebSocket upgrade with an HTTP status instead: 401 without a
 * session, 403 for a foreign {@code Origin}, 503 while draining.
 */
public final class HandshakeRefusedException extends RuntimeException {

	private final int status;

	HandshakeRefusedException(int status) {
		super("The upgrade was refused with HTTP " + status);
		this.status = status;
	}

	/**
	 * The HTTP status of the refusal.
	 * @return the status, such as 401
	 */
	public int status() {
		return this.status;
	}

}

package io.wsstreams.pusher;

/**
 * A client sent text that is not a message of Pusher's protocol.
 */
public class InvalidPusherMessageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message why the text was refused
	 */
	public InvalidPusherMessageException(String message) {
		super(message);
	}

}

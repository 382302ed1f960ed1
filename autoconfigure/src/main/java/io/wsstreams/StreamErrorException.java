package io.wsstreams;

/**
 * Thrown by a handler to answer its frame with an application error instead of
 * {@code INTERNAL_ERROR}: the connection receives {@code {"type":"error","code":…,
 * "message":…}} and stays open.
 */
public class StreamErrorException extends RuntimeException {

	private final StreamError error;

	/**
	 * An exception that answers with an error.
	 * @param code the error code, see {@link StreamError}
	 * @param message the message for the client
	 */
	public StreamErrorException(String code, String message) {
		this(StreamError.of(code, message));
	}

	/**
	 * An exception that answers with an error.
	 * @param error the error
	 */
	public StreamErrorException(StreamError error) {
		super(error.code() + ": " + error.message());
		this.error = error;
	}

	/**
	 * The error to answer with.
	 * @return the error
	 */
	public StreamError error() {
		return this.error;
	}

}

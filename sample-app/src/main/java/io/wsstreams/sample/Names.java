package io.wsstreams.sample;

/**
 * The name rules of the API, which match ws-streams' rule for one segment of a stream
 * name so that a user id or channel id can always be used in one.
 */
final class Names {

	/** A user or channel id: 1 to 64 characters of letters, digits, {@code _}, {@code .} and {@code -}. */
	static final String ID = "[A-Za-z0-9_.-]{1,64}";

	/** The message of a violated {@link #ID}. */
	static final String ID_MESSAGE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' or '-'";

	private Names() {
	}

}

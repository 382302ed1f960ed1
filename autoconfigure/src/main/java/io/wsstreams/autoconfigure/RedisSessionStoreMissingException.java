package io.wsstreams.autoconfigure;

/**
 * Thrown at start-up when {@code ws-streams.broker=redis} would leave ws-streams' in-memory
 * session store as the application's only one: each node would know only the sessions
 * signed in on it, and ending a session would not close its sockets on the other nodes.
 */
class RedisSessionStoreMissingException extends IllegalStateException {

	private final boolean redisSessionsPresent;

	/**
	 * Creates the exception.
	 * @param redisSessionsPresent whether {@code spring-session-data-redis} is on the
	 * classpath (the application then lacks a {@code RedisConnectionFactory})
	 */
	RedisSessionStoreMissingException(boolean redisSessionsPresent) {
		super("ws-streams.broker=redis needs a session store that every node shares, but the only one would be "
				+ "ws-streams' in-memory store, because " + reason(redisSessionsPresent)
				+ ". Add spring-session-data-redis and a Redis connection, declare a Spring Session store of "
				+ "your own, or set ws-streams.broker=memory for a single node.");
		this.redisSessionsPresent = redisSessionsPresent;
	}

	/**
	 * Why ws-streams could not provide its Redis session store.
	 * @return the reason, as a clause
	 */
	String getReason() {
		return reason(this.redisSessionsPresent);
	}

	private static String reason(boolean redisSessionsPresent) {
		return redisSessionsPresent ? "the application has no RedisConnectionFactory bean"
				: "spring-session-data-redis is not on the classpath";
	}

}

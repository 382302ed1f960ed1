package io.wsstreams.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link RedisSessionStoreMissingException}: what ws-streams needs to store
 * sessions in Redis, and the other ways out.
 */
class RedisSessionStoreMissingFailureAnalyzer extends AbstractFailureAnalyzer<RedisSessionStoreMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisSessionStoreMissingException cause) {
		String description = String.format("ws-streams.broker is redis, so every node must share the HTTP sessions "
				+ "that sockets are tied to, but ws-streams could not provide its Redis session store: %s.%n"
				+ "It refuses to fall back to its in-memory session store, which each node keeps to itself.",
				cause.getReason());
		String action = String.format("Do one of the following:%n"
				+ "\t- add org.springframework.session:spring-session-data-redis and a Redis connection "
				+ "(spring-boot-starter-data-redis), so that ws-streams stores sessions in Redis;%n"
				+ "\t- declare a Spring Session store of your own (a SessionRepository bean, or a Spring Boot "
				+ "Spring Session module);%n"
				+ "\t- set ws-streams.broker=memory to run a single node.");
		return new FailureAnalysis(description, action, cause);
	}

}

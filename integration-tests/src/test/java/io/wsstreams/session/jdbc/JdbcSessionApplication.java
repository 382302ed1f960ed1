package io.wsstreams.session.jdbc;

import io.wsstreams.StreamAction;
import io.wsstreams.StreamFeature;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application whose sessions live in a database through Spring Boot's JDBC session
 * store, which publishes no session events.
 */
@SpringBootApplication
public class JdbcSessionApplication {

	@StreamFeature(name = "chat")
	static class ChatFeature {

		@StreamAction
		String message(String text) {
			return text;
		}

	}

}

package io.wsstreams.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

import static io.wsstreams.it.StreamsSocketSupport.JETTY;

/**
 * A test of {@code streams} features through real sockets, sharing one application
 * context with small, distinct sizes: history 5 by default and 2 for {@code chat}, at most
 * 8 messages kept for {@code log}, history pages of at most 3.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { JETTY, "ws-streams.streams.history=5", "ws-streams.streams.features.chat.history=2",
				"ws-streams.streams.features.log.max-count=8", "ws-streams.streams.max-history-page=3" })
public @interface StreamsSocketTest {

}

package io.wsstreams.connection;

import io.wsstreams.it.StreamsServerTest;
import io.wsstreams.it.TestApplication;
import io.wsstreams.it.TightLimits;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link SlowConsumerScenario} on Jetty, where frames go straight to the connection's
 * frame flusher and a write that cannot finish at once completes on Jetty's own thread.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.autoconfigure.exclude=" + StreamsServerTest.TOMCAT)
@TightLimits
class JettySlowConsumerTests extends SlowConsumerScenario {

}

package io.wsstreams.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Runs a test class against {@link TestApplication} on a random port, on Tomcat, with
 * browsers allowed from {@code https://app.example.com} and {@code https://*.example.org}.
 * Classes with the same annotations share one server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=" + StreamsServerTest.JETTY,
				"ws-streams.allowed-origins=https://app.example.com",
				"ws-streams.allowed-origin-patterns=https://*.example.org" })
public @interface StreamsServerTest {

	/** Boot's Jetty server auto-configuration, which would win over Tomcat's. */
	String JETTY = "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

	/** Boot's Tomcat server auto-configuration. */
	String TOMCAT = "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

	/**
	 * Boot's Spring Session JDBC auto-configuration, which the test applications exclude:
	 * the test classpath holds Spring Session JDBC and H2 for the session store tests, and
	 * the socket tests sign users in through ws-streams' own store.
	 */
	String JDBC_SESSIONS = "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration";

}

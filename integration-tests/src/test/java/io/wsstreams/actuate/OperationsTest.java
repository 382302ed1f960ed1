package io.wsstreams.actuate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.wsstreams.it.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Runs a test class against {@link TestApplication} on a random port, on Tomcat, with
 * the health, streams and Prometheus endpoints exposed over HTTP, the streams endpoint's
 * write and delete operations allowed, health probes and health details on. Classes with
 * this annotation share one server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=" + OperationsTest.JETTY,
				"management.endpoints.web.exposure.include=health,streams,prometheus",
				"management.endpoint.streams.access=unrestricted", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.show-details=always" })
public @interface OperationsTest {

	/** Boot's Jetty server auto-configuration, which would win over Tomcat's. */
	String JETTY = "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

	/** Boot's Tomcat server auto-configuration. */
	String TOMCAT = "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

}

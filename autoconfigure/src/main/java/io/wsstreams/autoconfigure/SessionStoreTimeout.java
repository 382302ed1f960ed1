package io.wsstreams.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.env.Environment;

/**
 * The inactivity timeout of the session store ws-streams provides, in memory or in Redis:
 * {@code ws-streams.session.timeout} when set, else the timeout Spring Boot gives Spring
 * Session's stores, {@code spring.session.timeout}, else
 * {@code server.servlet.session.timeout}, else 30 minutes.
 *
 * <p>The Spring Boot properties are read from the environment, as they would be bound
 * (a number without a unit is seconds), so that they apply whether or not Spring Boot's
 * session module is on the classpath.
 */
final class SessionStoreTimeout {

	/** The timeout when none of the properties is set, as Spring Boot's own default. */
	static final Duration DEFAULT = Duration.ofMinutes(30);

	private static final Bindable<Duration> SECONDS = Bindable.of(Duration.class)
		.withAnnotations(MergedAnnotation.of(DurationUnit.class, Map.of("value", ChronoUnit.SECONDS)).synthesize());

	private SessionStoreTimeout() {
	}

	/**
	 * Determines the timeout.
	 * @param properties the ws-streams session properties
	 * @param environment the environment to read Spring Boot's properties from
	 * @return the timeout
	 */
	static Duration determine(WsStreamsProperties.Session properties, Environment environment) {
		Duration timeout = properties.getTimeout();
		if (timeout != null) {
			return timeout;
		}
		Binder binder = Binder.get(environment);
		return binder.bind("spring.session.timeout", SECONDS)
			.orElseGet(() -> binder.bind("server.servlet.session.timeout", SECONDS).orElse(DEFAULT));
	}

}

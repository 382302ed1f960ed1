package io.wsstreams.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Heartbeat and session timings short enough to observe in a test: pings every 400 ms,
 * a 1.5 s heartbeat timeout, 2 s sessions refreshed by socket traffic every 300 ms and
 * checked every 250 ms.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = { "ws-streams.heartbeat.interval=400ms", "ws-streams.heartbeat.timeout=1500ms",
		"ws-streams.session.timeout=2s", "ws-streams.session.touch-interval=300ms",
		"ws-streams.session.check-interval=250ms" })
public @interface ShortTimings {

	/** The heartbeat interval set above, in milliseconds. */
	long HEARTBEAT_INTERVAL_MILLIS = 400;

	/** The session timeout set above, in milliseconds. */
	long SESSION_TIMEOUT_MILLIS = 2000;

}

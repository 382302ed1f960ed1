package io.wsstreams.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Limits small enough to reach from a test: 2 connections per user, 1 frame per second
 * with a burst of 3, 8 KB frames, 1000-character JSON strings, a 64 KB outbound queue. The
 * close timeout is long so that a stalled client can still read its close frame.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = { "ws-streams.limits.connections-per-user=2", "ws-streams.limits.inbound-rate=1",
		"ws-streams.limits.inbound-burst=3", "ws-streams.limits.max-frame-size=8KB",
		"ws-streams.limits.max-json-string-length=1000", "ws-streams.limits.max-outbound-queue=64KB",
		"ws-streams.limits.close-timeout=30s" })
public @interface TightLimits {

	/** The frame size limit set above, in bytes. */
	int MAX_FRAME_BYTES = 8192;

	/** The JSON string length limit set above, in characters. */
	int MAX_JSON_STRING_LENGTH = 1000;

}

package io.wsstreams.broker;

import java.time.Duration;

/**
 * How much of a topic's log is kept.
 *
 * @param maxCount the most entries kept
 * @param maxAge the oldest entry kept
 */
public record LogRetention(int maxCount, Duration maxAge) {

}

/**
 * The Redis broker, stream log and Pub/Sub plumbing, for many nodes that behave as one:
 * one Pub/Sub channel per topic, one Redis Stream per {@code streams} topic, all under a
 * configurable prefix, through the application's Spring Data Redis connection over
 * Lettuce.
 */
@NullMarked
package io.wsstreams.broker.redis;

import org.jspecify.annotations.NullMarked;

/**
 * The Redis broker: many nodes as one, over the application's Spring Data Redis
 * connection.
 */
@NullMarked
package io.wsstreams.broker.redis;

import org.jspecify.annotations.NullMarked;

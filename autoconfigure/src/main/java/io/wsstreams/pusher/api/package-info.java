/**
 * Pusher's HTTP API at {@code /apps/{id}/…}, for Pusher's server libraries: events, batch
 * events, channels, presence users and terminating a user's connections, each request
 * checked against Pusher's request signing.
 */
@NullMarked
package io.wsstreams.pusher.api;

import org.jspecify.annotations.NullMarked;

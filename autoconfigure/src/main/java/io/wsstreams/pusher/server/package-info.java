/**
 * The Pusher-compatible WebSocket endpoint (protocol 7): its apps, sockets and channel
 * subscriptions, and the API that triggers events, carried between nodes by the
 * ws-streams broker.
 */
@NullMarked
package io.wsstreams.pusher.server;

import org.jspecify.annotations.NullMarked;

/**
 * Connections: the WebSocket endpoint, each socket's bounded outbound queue with its
 * write loop, inbound gate and replay hold, the registry of this node's connections,
 * heartbeats, drains and closes.
 */
@NullMarked
package io.wsstreams.connection;

import org.jspecify.annotations.NullMarked;

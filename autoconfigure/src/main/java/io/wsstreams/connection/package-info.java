/**
 * Connection handling: the WebSocket handler, per-connection state with its bounded outbound queue, the registry and heartbeats.
 */
@NullMarked
package io.wsstreams.connection;

import org.jspecify.annotations.NullMarked;

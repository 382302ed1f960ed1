/**
 * Building blocks for compatibility with Pusher Channels (protocol 7): authorization and
 * request signatures, end-to-end encryption keys, channel and event names, socket ids,
 * error codes and the JSON messages of the protocol.
 */
@NullMarked
package io.wsstreams.pusher;

import org.jspecify.annotations.NullMarked;

/**
 * Spring Session integration: the handshake checks, the user of a connection and the
 * session lifecycle of its sockets.
 */
@NullMarked
package io.wsstreams.session;

import org.jspecify.annotations.NullMarked;

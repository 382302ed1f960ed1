/**
 * The single-node, in-memory broker, stream log and presence store.
 */
@NullMarked
package io.wsstreams.broker.memory;

import org.jspecify.annotations.NullMarked;

/**
 * The single-node, in-memory broker.
 */
@NullMarked
package io.wsstreams.broker.memory;

import org.jspecify.annotations.NullMarked;

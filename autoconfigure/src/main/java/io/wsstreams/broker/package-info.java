/**
 * The broker that carries publications between nodes; in memory by default.
 */
@NullMarked
package io.wsstreams.broker;

import org.jspecify.annotations.NullMarked;

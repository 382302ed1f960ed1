/**
 * Built-in presence: who is on a stream, with tabs coalesced and entries that expire when
 * their node dies.
 */
@NullMarked
package io.wsstreams.presence;

import org.jspecify.annotations.NullMarked;

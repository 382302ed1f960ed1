/**
 * The {@code streams} strategy: appending to topic logs, history and resume on join, and
 * scrolling back.
 */
@NullMarked
package io.wsstreams.streams;

import org.jspecify.annotations.NullMarked;

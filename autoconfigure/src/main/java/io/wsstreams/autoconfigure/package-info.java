/**
 * Auto-configuration for ws-streams.
 */
@NullMarked
package io.wsstreams.autoconfigure;

import org.jspecify.annotations.NullMarked;

/**
 * Authorization hooks.
 */
@NullMarked
package io.wsstreams.security;

import org.jspecify.annotations.NullMarked;

/**
 * The application publishing API.
 */
@NullMarked
package io.wsstreams.publish;

import org.jspecify.annotations.NullMarked;

/**
 * Actuator endpoint and metrics.
 */
@NullMarked
package io.wsstreams.actuate;

import org.jspecify.annotations.NullMarked;

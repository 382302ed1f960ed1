/**
 * The feature model: the definitions read from @StreamFeature beans, their handler
 * methods, and the registry that checks and holds them.
 */
@NullMarked
package io.wsstreams.feature;

import io.wsstreams.StreamFeature;
import org.jspecify.annotations.NullMarked;

/**
 * Feature beans: the {@code @StreamFeature} programming model and the dispatch of inbound frames to handler methods.
 */
@NullMarked
package io.wsstreams.feature;

import org.jspecify.annotations.NullMarked;

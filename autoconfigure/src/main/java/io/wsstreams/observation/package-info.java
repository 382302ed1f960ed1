/**
 * Micrometer observations of ws-streams: a frame dispatched to a feature handler
 * ({@code ws.streams.dispatch}) and a publication ({@code ws.streams.publish}), with their
 * contexts and conventions, so that Spring Boot's metrics and tracing see them.
 */
@NullMarked
package io.wsstreams.observation;

import org.jspecify.annotations.NullMarked;

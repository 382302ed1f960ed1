package io.wsstreams.delivery;

import io.wsstreams.feature.FeatureDefinition;
import org.jspecify.annotations.Nullable;

/**
 * One event to publish on a stream, its payload already serialized.
 *
 * @param stream the stream
 * @param feature the feature
 * @param event the event name
 * @param dataJson the payload's JSON text
 * @param timestamp the publication time in epoch milliseconds
 * @param from the publishing user, or {@code null} for the application
 * @param excludeConnectionId a connection that must not receive it live, or
 * {@code null}; deliveries that keep a log send their entries to every subscriber
 */
public record Publication(String stream, FeatureDefinition feature, String event, String dataJson, long timestamp,
		@Nullable String from, @Nullable String excludeConnectionId) {

}

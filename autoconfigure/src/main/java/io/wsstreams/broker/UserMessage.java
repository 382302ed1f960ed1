package io.wsstreams.broker;

import org.jspecify.annotations.Nullable;

/**
 * A publication to every connection of one user that selected a feature. It is framed
 * per stream on delivery, since each connection is on its own stream.
 *
 * @param userId the user
 * @param feature the feature
 * @param event the event name
 * @param ts the publication time in epoch milliseconds
 * @param from the publishing user, or {@code null} for the application
 * @param dataJson the payload's JSON text
 */
public record UserMessage(String userId, String feature, String event, long ts, @Nullable String from,
		String dataJson) {

}

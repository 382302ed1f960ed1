package io.wsstreams.pusher.server;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A member of a presence channel, as a subscription's {@code channel_data} names it.
 *
 * @param userId its {@code user_id}, as text
 * @param info its {@code user_info}, or {@code null}
 */
record PresenceMember(String userId, @Nullable JsonNode info) {
}

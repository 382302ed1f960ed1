package io.wsstreams.broker;

import io.wsstreams.protocol.OutboundFrame;
import org.jspecify.annotations.Nullable;

/**
 * A publication to a topic, already encoded.
 *
 * @param topic the topic, {@code {stream}:{feature}}
 * @param feature the feature, for counting
 * @param frame the frame every subscriber receives
 * @param excludeConnectionId a connection that must not receive it (the sender), or
 * {@code null}
 */
public record TopicMessage(String topic, String feature, OutboundFrame frame, @Nullable String excludeConnectionId) {

}

package io.wsstreams.broker;

import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.protocol.StreamId;
import org.jspecify.annotations.Nullable;

/**
 * A publication to a topic, already encoded.
 *
 * @param topic the topic, {@code {stream}:{feature}}
 * @param feature the feature, for counting
 * @param frame the frame every subscriber receives
 * @param excludeConnectionId a connection that must not receive it (the sender), or
 * {@code null}
 * @param id the log id of a {@code streams} entry, or {@code null} for {@code pub-sub}
 */
public record TopicMessage(String topic, String feature, OutboundFrame frame, @Nullable String excludeConnectionId,
		@Nullable StreamId id) {

	/**
	 * A live {@code pub-sub} publication.
	 * @param topic the topic
	 * @param feature the feature
	 * @param frame the frame
	 * @param excludeConnectionId a connection that must not receive it, or {@code null}
	 * @return the message
	 */
	public static TopicMessage live(String topic, String feature, OutboundFrame frame,
			@Nullable String excludeConnectionId) {
		return new TopicMessage(topic, feature, frame, excludeConnectionId, null);
	}

}

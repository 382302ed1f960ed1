package io.wsstreams.pusher.server;

import java.util.Set;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicMembers;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.pusher.PusherCodec;
import org.jspecify.annotations.Nullable;

/**
 * This node's subscribers of Pusher channels, and the publishing of channel events
 * through the broker, which carries them to every node with subscribers.
 *
 * <p>An event is encoded once, by the node that publishes it; every node hands the same
 * text to each of its subscribers but the excluded socket.
 */
public final class PusherChannels implements BrokerListener {

	/** The feature name publications are counted under. */
	static final String FEATURE = "pusher";

	private final TopicMembers<PusherConnection> byTopic;

	private final MessageBroker broker;

	private final PusherCodec codec;

	/**
	 * Creates the channels of this node.
	 * @param broker the broker
	 * @param codec the codec that encodes events
	 */
	public PusherChannels(MessageBroker broker, PusherCodec codec) {
		this.broker = broker;
		this.byTopic = new TopicMembers<>(broker);
		this.codec = codec;
	}

	/**
	 * Publishes an event on a channel, to its subscribers on every node.
	 * @param appId the app id
	 * @param channel a valid channel name
	 * @param event a valid event name
	 * @param data the data, sent to clients as a string
	 * @param excludeSocketId a socket that must not receive it, or {@code null}
	 */
	public void publish(String appId, String channel, String event, String data, @Nullable String excludeSocketId) {
		OutboundFrame frame = OutboundFrame.of(this.codec.channelEvent(event, channel, data, null));
		this.broker.publish(TopicMessage.live(PusherTopics.topic(appId, channel), FEATURE, frame, excludeSocketId));
	}

	/**
	 * Subscribes a connection to a channel of its app. Returns once this node receives
	 * the channel's events.
	 * @param connection the connection
	 * @param channel the channel
	 */
	void subscribe(PusherConnection connection, String channel) {
		String topic = PusherTopics.topic(connection.app().id(), channel);
		try {
			this.byTopic.add(topic, connection);
		}
		catch (RuntimeException ex) {
			this.byTopic.remove(topic, connection);
			throw ex;
		}
	}

	/**
	 * Unsubscribes a connection from a channel; the last subscriber of this node
	 * unsubscribes the broker.
	 * @param connection the connection
	 * @param channel the channel
	 */
	void unsubscribe(PusherConnection connection, String channel) {
		this.byTopic.remove(PusherTopics.topic(connection.app().id(), channel), connection);
	}

	/**
	 * How many channels have subscribers on this node.
	 * @return the number of channels
	 */
	public int size() {
		return this.byTopic.size();
	}

	@Override
	public void onTopicMessage(TopicMessage message) {
		Set<PusherConnection> members = this.byTopic.get(message.topic());
		if (members == null) {
			return;
		}
		String text = message.frame().text();
		String exclude = message.excludeConnectionId();
		for (PusherConnection connection : members) {
			if (exclude == null || !exclude.equals(connection.socketId())) {
				connection.send(text);
			}
		}
	}

	@Override
	public void onUserMessage(UserMessage message) {
		// User messages are the engine's: the router never hands them here.
	}

}

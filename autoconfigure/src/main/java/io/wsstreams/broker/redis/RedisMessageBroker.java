package io.wsstreams.broker.redis;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;

/**
 * The broker of many nodes: a {@code pub-sub} publication is published on its topic's
 * Redis channel, which the nodes with subscribers of the topic subscribe; a user message
 * on the users channel, which every node subscribes. A publication returns once Redis
 * took it, or fails within the timeout.
 */
public final class RedisMessageBroker implements MessageBroker {

	private final RedisTopics topics;

	private final byte[] usersChannel;

	/**
	 * Creates a broker.
	 * @param topics this node's Pub/Sub connection and delivery
	 */
	public RedisMessageBroker(RedisTopics topics) {
		this.topics = topics;
		this.usersChannel = RedisNames.bytes(topics.names().usersChannel());
	}

	@Override
	public void start(BrokerListener listener) {
		this.topics.listen(listener);
	}

	@Override
	public void publish(TopicMessage message) {
		this.topics.publish(RedisNames.bytes(this.topics.names().channel(message.topic())),
				Envelope.live(this.topics.node(), message.excludeConnectionId(), message.feature(),
						message.frame().text()),
				"publish to " + message.topic());
	}

	@Override
	public void publishToUser(UserMessage message) {
		this.topics.publish(this.usersChannel, Envelope.user(this.topics.node(), message), "publish to a user");
	}

	@Override
	public void subscribe(String topic) {
		this.topics.subscribe(topic);
	}

	@Override
	public void unsubscribe(String topic) {
		this.topics.unsubscribe(topic);
	}

	@Override
	public boolean isAvailable() {
		return this.topics.checkAvailable();
	}

}

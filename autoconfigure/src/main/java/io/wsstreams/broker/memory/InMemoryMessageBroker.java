package io.wsstreams.broker.memory;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;
import org.jspecify.annotations.Nullable;

/**
 * The single-node broker: delivers on the publishing thread, which only enqueues frames
 * on connections and never blocks on a socket.
 */
public final class InMemoryMessageBroker implements MessageBroker {

	private volatile @Nullable BrokerListener listener;

	@Override
	public void start(BrokerListener listener) {
		this.listener = listener;
	}

	@Override
	public void publish(TopicMessage message) {
		listener().onTopicMessage(message);
	}

	@Override
	public void publishToUser(UserMessage message) {
		listener().onUserMessage(message);
	}

	private BrokerListener listener() {
		BrokerListener current = this.listener;
		if (current == null) {
			throw new IllegalStateException("Broker not started");
		}
		return current;
	}

}

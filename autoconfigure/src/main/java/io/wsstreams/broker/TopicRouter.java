package io.wsstreams.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The listener a broker delivers to: hands each topic publication to the listener of
 * its topic's namespace, and everything else to the engine.
 *
 * <p>A namespace is a topic prefix that no topic of the engine can start with, such as
 * one starting with {@code #}, which no stream name contains. Namespaces are registered
 * while the application starts, before connections arrive.
 */
public final class TopicRouter implements BrokerListener {

	private final Map<String, BrokerListener> namespaces = new ConcurrentHashMap<>();

	private volatile @Nullable BrokerListener engine;

	/**
	 * Sets the engine's listener, which receives user publications and every topic
	 * publication outside the namespaces. Called once.
	 * @param engine the engine's listener
	 * @return this router
	 */
	public TopicRouter start(BrokerListener engine) {
		if (this.engine != null) {
			throw new IllegalStateException("Topic router already started");
		}
		this.engine = engine;
		return this;
	}

	/**
	 * Routes the topics of a namespace to a listener of their own.
	 * @param prefix the prefix of the namespace's topics, which no other namespace and
	 * no topic of the engine starts with
	 * @param listener the listener of the namespace
	 */
	public void route(String prefix, BrokerListener listener) {
		if (prefix.isEmpty() || this.namespaces.putIfAbsent(prefix, listener) != null) {
			throw new IllegalStateException("Topic namespace '" + prefix + "' is empty or already routed");
		}
	}

	@Override
	public void onTopicMessage(TopicMessage message) {
		String topic = message.topic();
		if (!this.namespaces.isEmpty()) {
			for (Map.Entry<String, BrokerListener> namespace : this.namespaces.entrySet()) {
				if (topic.startsWith(namespace.getKey())) {
					namespace.getValue().onTopicMessage(message);
					return;
				}
			}
		}
		engine().onTopicMessage(message);
	}

	@Override
	public void onUserMessage(UserMessage message) {
		engine().onUserMessage(message);
	}

	private BrokerListener engine() {
		BrokerListener current = this.engine;
		if (current == null) {
			throw new IllegalStateException("Topic router not started");
		}
		return current;
	}

}

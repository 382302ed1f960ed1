package io.wsstreams.broker;

/**
 * Carries {@code pub-sub} publications to every node that has subscribers.
 *
 * <p>The dispatch code only publishes and reports local interest; how publications
 * travel is the broker's business. The in-memory broker hands them straight to this
 * node's listener; a networked broker relays them through a shared server to the
 * listener of every node.
 */
public interface MessageBroker {

	/**
	 * Sets the listener that receives the publications delivered to this node. Called
	 * once, before any other method.
	 * @param listener the listener
	 */
	void start(BrokerListener listener);

	/**
	 * Publishes to a topic. Returns once the publication is handed over; never waits for
	 * sockets.
	 * @param message the publication
	 */
	void publish(TopicMessage message);

	/**
	 * Publishes to one user's connections.
	 * @param message the publication
	 */
	void publishToUser(UserMessage message);

	/**
	 * This node has its first subscriber of a topic. The topic's other subscribers wait
	 * until this returns: a networked broker returns once this node receives the topic's
	 * publications, or throws within a bounded time.
	 * @param topic the topic
	 */
	default void subscribe(String topic) {
	}

	/**
	 * This node has lost its last subscriber of a topic.
	 * @param topic the topic
	 */
	default void unsubscribe(String topic) {
	}

	/**
	 * Whether the broker can currently deliver publications. A networked broker may ask
	 * its server, waiting no longer than its own bound on commands.
	 * @return {@code true} when healthy
	 */
	default boolean isAvailable() {
		return true;
	}

}

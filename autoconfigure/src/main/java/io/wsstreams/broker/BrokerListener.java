package io.wsstreams.broker;

/**
 * Receives the publications a broker delivers to this node.
 */
public interface BrokerListener {

	/**
	 * Delivers a topic publication to this node's subscribers of the topic.
	 * @param message the publication
	 */
	void onTopicMessage(TopicMessage message);

	/**
	 * Delivers a user publication to this node's connections of the user.
	 * @param message the publication
	 */
	void onUserMessage(UserMessage message);

}

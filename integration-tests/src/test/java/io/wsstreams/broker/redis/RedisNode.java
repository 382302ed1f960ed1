package io.wsstreams.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.wsstreams.broker.BrokerListener;
import io.wsstreams.broker.TopicMessage;
import io.wsstreams.broker.UserMessage;
import io.wsstreams.protocol.StreamId;
import io.wsstreams.it.RedisTestSupport;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One node's Redis broker and log, started with a listener that records what it
 * receives and on which thread.
 */
final class RedisNode implements BrokerListener, AutoCloseable {

	final LettuceConnectionFactory connectionFactory;

	final RedisTopics topics;

	final RedisMessageBroker broker;

	final RedisStreamLog log;

	final List<TopicMessage> messages = new CopyOnWriteArrayList<>();

	final List<UserMessage> userMessages = new CopyOnWriteArrayList<>();

	final List<String> threads = new CopyOnWriteArrayList<>();

	RedisNode(String prefix) {
		this(prefix, RedisTestSupport.PORT, Duration.ofSeconds(2));
	}

	RedisNode(String prefix, int port, Duration timeout) {
		this.connectionFactory = RedisTestSupport.connectionFactory(RedisTestSupport.HOST, port);
		this.topics = new RedisTopics(this.connectionFactory, prefix, timeout);
		this.broker = new RedisMessageBroker(this.topics);
		this.log = new RedisStreamLog(this.topics);
		this.broker.start(this);
		this.log.start(this);
		this.topics.start();
	}

	@Override
	public void onTopicMessage(TopicMessage message) {
		this.threads.add(Thread.currentThread().getName());
		this.messages.add(message);
	}

	@Override
	public void onUserMessage(UserMessage message) {
		this.threads.add(Thread.currentThread().getName());
		this.userMessages.add(message);
	}

	/**
	 * The ids of the log entries received for a topic, in order.
	 * @param topic the topic
	 * @return the ids
	 */
	List<StreamId> ids(String topic) {
		return this.messages.stream()
			.filter((message) -> message.topic().equals(topic) && message.id() != null)
			.map(TopicMessage::id)
			.toList();
	}

	@Override
	public void close() {
		this.topics.stop();
		this.connectionFactory.destroy();
	}

}

package io.wsstreams.broker.redis;

import java.time.Duration;

import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.StreamLogContractTests;
import io.wsstreams.it.RedisTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The stream log contract, against the Redis log.
 */
class RedisStreamLogContractTests extends StreamLogContractTests {

	private static final String PREFIX = RedisTestSupport.uniquePrefix();

	private static LettuceConnectionFactory connectionFactory;

	private static RedisTopics topics;

	private static RedisStreamLog log;

	@BeforeAll
	static void startLog() {
		RedisTestSupport.requireRedis();
		connectionFactory = RedisTestSupport.connectionFactory();
		topics = new RedisTopics(connectionFactory, PREFIX, Duration.ofSeconds(2));
		topics.start();
		log = new RedisStreamLog(topics);
		log.start(ignoring());
	}

	@AfterAll
	static void stopLog() {
		if (topics != null) {
			topics.stop();
			RedisTestSupport.deleteKeys(connectionFactory, PREFIX);
			connectionFactory.destroy();
		}
	}

	@Override
	protected StreamLog log() {
		return log;
	}

}

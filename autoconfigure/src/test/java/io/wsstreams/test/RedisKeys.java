package io.wsstreams.test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Keys of tests on the shared Redis of {@link RedisAvailability}: each test keeps its keys
 * under a prefix of its own, and removes them afterwards.
 */
public final class RedisKeys {

	private RedisKeys() {
	}

	/**
	 * A prefix no other test uses, for {@code ws-streams.redis.prefix}.
	 * @return the prefix, ending with {@code :}
	 */
	public static String uniquePrefix() {
		return "ws-streams-test-" + UUID.randomUUID() + ":";
	}

	/**
	 * Deletes every key under a prefix, over a connection of its own, scanning rather than
	 * blocking Redis with {@code KEYS}. Call it once the applications that used the keys
	 * have stopped, so that they do not react to the deletions.
	 * @param prefix the prefix
	 */
	public static void deleteAll(String prefix) {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(RedisAvailability.HOST,
				RedisAvailability.PORT);
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
			List<String> keys = new ArrayList<>();
			try (Cursor<String> cursor = redis
				.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		finally {
			connectionFactory.destroy();
		}
	}

}

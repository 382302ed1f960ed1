package io.wsstreams.broker.redis;

import java.nio.charset.StandardCharsets;

/**
 * The names of ws-streams' Redis keys and Pub/Sub channels, all under one prefix. The
 * keys of a topic carry the topic as their hash tag, so that they share a Redis Cluster
 * hash slot and one script can use them all.
 *
 * @param prefix the prefix of every key and channel, such as {@code ws-streams:}
 */
public record RedisNames(String prefix) {

	/**
	 * A key of a topic.
	 * @param topic the topic
	 * @param suffix what the key holds
	 * @return {@code prefix{topic}:suffix}
	 */
	public String key(String topic, String suffix) {
		return this.prefix + "{" + topic + "}:" + suffix;
	}

	/**
	 * The Pub/Sub channel of a topic.
	 * @param topic the topic
	 * @return {@code prefix{topic}}
	 */
	public String channel(String topic) {
		return this.prefix + "{" + topic + "}";
	}

	/**
	 * The UTF-8 bytes of a name or value, for commands sent through a raw connection.
	 * @param value the text
	 * @return its bytes
	 */
	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}

package io.wsstreams.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The names of ws-streams' keys and channels, all under one prefix. A topic's keys and
 * channel hold the topic in braces, {@code <prefix>{<topic>}<suffix>}, so that the keys
 * of one topic share a Redis Cluster hash slot.
 */
public final class RedisNames {

	private static final String USERS = "users";

	private final String prefix;

	private final byte[] usersChannel;

	/**
	 * Creates the names under a prefix.
	 * @param prefix the prefix, without braces
	 * @throws IllegalArgumentException when the prefix holds a brace, which would change
	 * the hash slots of the keys
	 */
	public RedisNames(String prefix) {
		if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
			throw new IllegalArgumentException(
					"The Redis prefix (ws-streams.redis.prefix) must not hold '{' or '}', not " + prefix);
		}
		this.prefix = prefix;
		this.usersChannel = bytes(prefix + USERS);
	}

	/**
	 * The prefix of every key and channel.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * A key of a topic.
	 * @param topic the topic
	 * @param suffix what the key holds, such as {@code :log}
	 * @return the key's name
	 */
	public String key(String topic, String suffix) {
		return this.prefix + "{" + topic + "}" + suffix;
	}

	/**
	 * The key of a topic's log.
	 * @param topic the topic
	 * @return the key's name
	 */
	public String log(String topic) {
		return key(topic, ":log");
	}

	/**
	 * The channel of a topic.
	 * @param topic the topic
	 * @return the channel's name
	 */
	public String channel(String topic) {
		return key(topic, "");
	}

	/**
	 * The channel that every node subscribes to for user messages.
	 * @return the channel's name
	 */
	public String usersChannel() {
		return this.prefix + USERS;
	}

	byte[] usersChannelBytes() {
		return this.usersChannel;
	}

	/**
	 * The topic of a channel.
	 * @param channel the channel's name
	 * @return the topic, or {@code null} when the channel is not a topic's
	 */
	@Nullable String topicOf(String channel) {
		int end = channel.length() - 1;
		if (!channel.startsWith(this.prefix) || end <= this.prefix.length()
				|| channel.charAt(this.prefix.length()) != '{' || channel.charAt(end) != '}') {
			return null;
		}
		return channel.substring(this.prefix.length() + 1, end);
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The bytes of names, such as a script's keys.
	 * @param texts the names
	 * @return their UTF-8 bytes, in order
	 */
	static byte[][] bytes(List<String> texts) {
		byte[][] bytes = new byte[texts.size()][];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = bytes(texts.get(i));
		}
		return bytes;
	}

	/**
	 * The text of a value Redis answered with.
	 * @param value the value, bytes
	 * @return its UTF-8 text
	 */
	static String text(Object value) {
		return new String((byte[]) value, StandardCharsets.UTF_8);
	}

	/**
	 * An optional argument of a script, empty when absent.
	 * @param value the value, or {@code null}
	 * @return the value, or the empty string
	 */
	static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}

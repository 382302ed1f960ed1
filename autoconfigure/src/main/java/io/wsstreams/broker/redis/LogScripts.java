package io.wsstreams.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisFuture;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.LogRetention;
import io.wsstreams.protocol.StreamId;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The scripts over the topics' logs: {@code append.lua}, which stores and publishes an
 * entry, and {@code read.lua}, which reads with retention applied.
 *
 * <p>Lettuce sends a command again after it reconnected when the connection was lost
 * before its answer came, although Redis may have run it. So that an entry is not
 * appended twice, each append carries this node's id and its number (see
 * {@link RedisCommands#sendNumbered}), and the script remembers per topic the last number
 * of each node with the id it appended. An append sent again gets the id of the first,
 * or, when a later append of the node ran since, an error: it ran before.
 */
final class LogScripts {

	static final RedisScript<?> APPEND = script("append.lua");

	private static final RedisScript<?> READ = script("read.lua");

	/** For the reads that do not apply retention. */
	private static final LogRetention NO_RETENTION = new LogRetention(0, Duration.ZERO);

	private final RedisNames names;

	private final RedisCommands commands;

	private final byte[] node;

	/**
	 * Creates the scripts of a node.
	 * @param names the names of keys and channels
	 * @param commands the commands
	 * @param node this node's id, unique among every node that ever shares the Redis
	 */
	LogScripts(RedisNames names, RedisCommands commands, String node) {
		this.names = names;
		this.commands = commands;
		this.node = RedisNames.bytes(node);
	}

	/**
	 * Appends an entry and publishes it on the topic's channel.
	 * @param topic the topic
	 * @param feature the feature
	 * @param retention the topic's retention
	 * @param frame the entry's frame around its id
	 * @return the entry's id
	 */
	StreamId append(String topic, String feature, LogRetention retention, FrameTemplate frame) {
		byte[][] keys = { RedisNames.bytes(this.names.log(topic)), RedisNames.bytes(this.names.key(topic, ":appends")) };
		byte[][] args = args(this.names.channel(topic), Integer.toString(retention.maxCount()), maxAge(retention),
				feature, frame.head(), frame.tail(), "", "");
		args[6] = this.node;
		String what = "append to the log of " + topic;
		List<byte[]> reply;
		try {
			reply = sendAppend(false, keys, args, what);
		}
		catch (RuntimeException ex) {
			if (!RedisCommands.isNoScript(ex)) {
				throw ex;
			}
			reply = sendAppend(true, keys, args, what);
		}
		StreamId id = StreamId.parse(text(reply.get(0)));
		if (id == null) {
			throw new IllegalStateException("Not a stream id: " + text(reply.get(0)));
		}
		return id;
	}

	/** Numbers an append and sends it, then waits for its answer. */
	private List<byte[]> sendAppend(boolean load, byte[][] keys, byte[][] args, String what) {
		RedisFuture<List<byte[]>> reply = this.commands.sendNumbered((number) -> {
			args[7] = RedisNames.bytes(Long.toString(number));
			return this.commands.sendScript(APPEND, load, keys, args, what);
		});
		return this.commands.await(reply, what);
	}

	/**
	 * Reads a log with its retention applied.
	 * @param topic the topic
	 * @param retention the topic's retention
	 * @param mode {@code latest}, {@code after} or {@code before}, with their arguments
	 * @return what was read
	 */
	Read read(String topic, LogRetention retention, String... mode) {
		String[] args = new String[mode.length + 2];
		args[0] = mode[0];
		args[1] = Integer.toString(retention.maxCount());
		args[2] = maxAge(retention);
		System.arraycopy(mode, 1, args, 3, mode.length - 1);
		return Read.of(this.commands.script(READ, keys(topic), args(args), "read the log of " + topic));
	}

	/**
	 * Reads entries as they were appended, retention not applied.
	 * @param topic the topic
	 * @param after the id to read after, or {@code null} from the start
	 * @param until the last id to read, or {@code null} to the end
	 * @param count how many at most
	 * @return the entries, oldest first
	 */
	List<LogEntry> range(String topic, @Nullable StreamId after, @Nullable StreamId until, int count) {
		return read(topic, NO_RETENTION, "range", (after != null) ? after.toString() : "",
				(until != null) ? until.toString() : "", Integer.toString(count))
			.entries();
	}

	/**
	 * The newest id of a log.
	 * @param topic the topic
	 * @return the id, or {@code null} when the log is empty or missing
	 */
	@Nullable StreamId newest(String topic) {
		return read(topic, NO_RETENTION, "latest", "0").newest();
	}

	private byte[][] keys(String topic) {
		return new byte[][] { RedisNames.bytes(this.names.log(topic)) };
	}

	private static byte[][] args(String... args) {
		byte[][] bytes = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			bytes[i] = RedisNames.bytes(args[i]);
		}
		return bytes;
	}

	/** The longest age kept, at least a millisecond, since it is also the log's expiry. */
	private static String maxAge(LogRetention retention) {
		return Long.toString(Math.max(1, retention.maxAge().toMillis()));
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static RedisScript<?> script(String name) {
		return RedisScript.of(new ClassPathResource(name, LogScripts.class), List.class);
	}

	/**
	 * What a read returned.
	 *
	 * @param exists whether the log exists
	 * @param newest the log's newest id, or {@code null}
	 * @param flag for {@code after}, whether the id read after is still in the log with
	 * nothing hidden after it and no entry left unread; for {@code before}, whether more
	 * entries remain
	 * @param entries the entries, oldest first
	 */
	record Read(boolean exists, @Nullable StreamId newest, boolean flag, List<LogEntry> entries) {

		static Read of(List<byte[]> reply) {
			if (reply.isEmpty() || !"1".equals(text(reply.get(0)))) {
				return new Read(false, null, false, List.of());
			}
			List<LogEntry> entries = new ArrayList<>((reply.size() - 3) / 3);
			for (int i = 3; i + 2 < reply.size(); i += 3) {
				String id = text(reply.get(i));
				StreamId parsed = StreamId.parse(id);
				if (parsed == null) {
					throw new IllegalStateException("Not a stream id: " + id);
				}
				FrameTemplate frame = new FrameTemplate(text(reply.get(i + 1)), text(reply.get(i + 2)));
				entries.add(new LogEntry(parsed, parsed.millis(), frame.frame(id)));
			}
			return new Read(true, StreamId.parse(text(reply.get(1))), "1".equals(text(reply.get(2))),
					List.copyOf(entries));
		}

	}

}

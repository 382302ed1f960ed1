package io.wsstreams.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.cluster.SlotHash;
import io.wsstreams.broker.LogEntry;
import io.wsstreams.broker.LogRetention;
import io.wsstreams.protocol.OutboundFrame;
import io.wsstreams.it.RedisTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.domain.Range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the Redis log keeps in Redis: entries stored as the frame's text around the id,
 * trimmed on append, logs that expire once idle for their retention, the keys of a topic
 * in one hash slot, and appends that a client library sends again appended once.
 */
class RedisStreamLogTests {

	private static final LogRetention RETENTION = new LogRetention(100, Duration.ofHours(1));

	private final String prefix = RedisTestSupport.uniquePrefix();

	private RedisNode node;

	@BeforeAll
	static void requireRedis() {
		RedisTestSupport.requireRedis();
	}

	@AfterEach
	void close() {
		if (this.node != null) {
			RedisTestSupport.deleteKeys(this.node.connectionFactory, this.prefix);
			this.node.close();
		}
	}

	@Test
	void storesTheFrameAroundItsIdUnderTheTopicsKey() {
		this.node = new RedisNode(this.prefix);
		LogEntry entry = append("channel:1:chat", new LogRetention(100, Duration.ofHours(1)));
		try (RedisConnection connection = this.node.connectionFactory.getConnection()) {
			List<ByteRecord> records = connection.streamCommands()
				.xRange(bytes(this.prefix + "{channel:1:chat}:log"), Range.unbounded(), Limit.unlimited());
			assertThat(records).singleElement().satisfies((record) -> {
				assertThat(record.getId().getValue()).isEqualTo(entry.id().toString());
				assertThat(record.getValue()).hasSize(2);
				record.getValue().forEach((field, value) -> assertThat(new String(field, StandardCharsets.UTF_8))
					.isIn("h", "t"));
			});
		}
	}

	@Test
	void trimsOnAppendAndExpiresAnIdleLogAfterItsRetention() {
		this.node = new RedisNode(this.prefix);
		LogRetention tenForAnHour = new LogRetention(10, Duration.ofHours(1));
		for (int i = 0; i < 1000; i++) {
			append("channel:2:chat", tenForAnHour);
		}
		byte[] key = bytes(this.node.topics.names().log("channel:2:chat"));
		try (RedisConnection connection = this.node.connectionFactory.getConnection()) {
			assertThat(connection.streamCommands().xLen(key)).as("approximately trimmed").isBetween(10L, 200L);
			assertThat(connection.keyCommands().pTtl(key)).isBetween(Duration.ofMinutes(59).toMillis(),
					Duration.ofHours(1).toMillis());
		}
		assertThat(this.node.log.latest("channel:2:chat", 100, tenForAnHour).entries()).hasSize(10);
		LogRetention shortLived = new LogRetention(10, Duration.ofMillis(300));
		append("channel:3:chat", shortLived);
		byte[] idle = bytes(this.node.topics.names().log("channel:3:chat"));
		byte[] appends = bytes(this.node.topics.names().key("channel:3:chat", ":appends"));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
			try (RedisConnection connection = this.node.connectionFactory.getConnection()) {
				return connection.keyCommands().exists(idle, appends) == 0;
			}
		});
	}

	@Test
	void anAppendSentAgainGetsItsIdWithoutBeingAppendedTwice() {
		this.node = new RedisNode(this.prefix);
		String topic = "channel:4:chat";
		String first = appendNumbered(topic, "node-1", 5);
		assertThat(appendNumbered(topic, "node-1", 5)).as("the same append again").isEqualTo(first);
		String second = appendNumbered(topic, "node-1", 6);
		assertThatExceptionOfType(DataAccessException.class).as("an older append again")
			.isThrownBy(() -> appendNumbered(topic, "node-1", 5))
			.havingRootCause()
			.withMessageContaining("appended before");
		String other = appendNumbered(topic, "node-2", 1);
		assertThat(this.node.log.latest(topic, 10, RETENTION).entries()).extracting((entry) -> entry.id().toString())
			.containsExactly(first, second, other);
	}

	private String appendNumbered(String topic, String node, long number) {
		RedisNames names = this.node.topics.names();
		byte[][] keys = { bytes(names.log(topic)), bytes(names.key(topic, ":appends")) };
		byte[][] args = { bytes(names.channel(topic)), bytes("100"), bytes("3600000"), bytes("chat"),
				bytes("{\"type\":\"chat\",\"id\":\""), bytes("\"}"), bytes(node), bytes(Long.toString(number)) };
		List<byte[]> reply = this.node.topics.commands().script(LogScripts.APPEND, keys, args, "append");
		return new String(reply.get(0), StandardCharsets.UTF_8);
	}

	@Test
	void keysAndChannelOfATopicShareAHashSlot() {
		RedisNames names = new RedisNames("ws-streams:");
		String topic = "channel:123:thread:345:chat";
		assertThat(names.log(topic)).isEqualTo("ws-streams:{channel:123:thread:345:chat}:log");
		assertThat(names.channel(topic)).isEqualTo("ws-streams:{channel:123:thread:345:chat}");
		int slot = SlotHash.getSlot(names.log(topic));
		assertThat(SlotHash.getSlot(names.key(topic, ":presence"))).isEqualTo(slot);
		assertThat(SlotHash.getSlot(names.channel(topic))).isEqualTo(slot);
		assertThat(SlotHash.getSlot(topic)).isEqualTo(slot);
		assertThat(names.topicOf(names.channel(topic))).isEqualTo(topic);
		assertThat(names.topicOf(names.usersChannel())).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisNames("app{1}:"));
	}

	private LogEntry append(String topic, LogRetention retention) {
		return this.node.log.append(topic, "chat", retention, System.currentTimeMillis(),
				(id) -> OutboundFrame.of("{\"type\":\"chat\",\"id\":\"" + id + "\"}"));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

package io.wsstreams.autoconfigure;

import io.wsstreams.broker.ClusterNodes;
import io.wsstreams.broker.MessageBroker;
import io.wsstreams.broker.PresenceStore;
import io.wsstreams.broker.StreamLog;
import io.wsstreams.broker.UserConnections;
import io.wsstreams.broker.memory.InMemoryMessageBroker;
import io.wsstreams.broker.memory.InMemoryStreamLog;
import io.wsstreams.broker.redis.RedisMessageBroker;
import io.wsstreams.broker.redis.RedisPresenceStore;
import io.wsstreams.broker.redis.RedisStreamLog;
import io.wsstreams.broker.redis.RedisTopics;
import io.wsstreams.broker.redis.RedisUserConnections;
import io.wsstreams.it.RedisTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsStreamsRedisAutoConfiguration}: Redis only when chosen, in place of
 * the in-memory broker and log, and a start-up failure that says what to add when Redis
 * is chosen but missing.
 */
class WsStreamsRedisAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, WsStreamsRedisAutoConfiguration.class,
				WsStreamsAutoConfiguration.class, WsStreamsSessionAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + RedisTestSupport.HOST,
				"spring.data.redis.port=" + RedisTestSupport.PORT,
				"ws-streams.redis.prefix=" + RedisTestSupport.uniquePrefix());

	@Test
	void keepsTheInMemoryBrokerWhenRedisIsMerelyPresent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RedisConnectionFactory.class).doesNotHaveBean(RedisTopics.class);
			assertThat(context.getBean(MessageBroker.class)).isInstanceOf(InMemoryMessageBroker.class);
			assertThat(context.getBean(StreamLog.class)).isInstanceOf(InMemoryStreamLog.class);
			assertThat(context).doesNotHaveBean(ClusterNodes.class);
		});
	}

	@Test
	void usesRedisWhenChosen() {
		RedisTestSupport.requireRedis();
		this.contextRunner.withPropertyValues("ws-streams.broker=redis").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RedisTopics.class);
			assertThat(context.getBean(MessageBroker.class)).isInstanceOf(RedisMessageBroker.class);
			assertThat(context.getBean(StreamLog.class)).isInstanceOf(RedisStreamLog.class);
			assertThat(context.getBean(PresenceStore.class))
				.isInstanceOf(RedisPresenceStore.class);
			assertThat(context.getBean(UserConnections.class))
				.isInstanceOf(RedisUserConnections.class);
			assertThat(context).hasSingleBean(ClusterNodes.class);
			RedisTopics topics = context.getBean(RedisTopics.class);
			assertThat(topics.isRunning()).isTrue();
			assertThat(topics.isAvailable()).isTrue();
		});
	}

	@Test
	void failsWhenRedisIsChosenWithoutSpringDataRedis() {
		this.contextRunner.withPropertyValues("ws-streams.broker=redis")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run(this::assertFailedNamingWhatToAdd);
	}

	@Test
	void failsWhenRedisIsChosenWithoutLettuce() {
		this.contextRunner.withPropertyValues("ws-streams.broker=redis")
			.withClassLoader(new FilteredClassLoader("io.lettuce"))
			.run(this::assertFailedNamingWhatToAdd);
	}

	@Test
	void failsWhenRedisIsChosenWithoutAConnectionFactory() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(WsStreamsRedisAutoConfiguration.class, WsStreamsAutoConfiguration.class))
			.withPropertyValues("ws-streams.broker=redis")
			.run(this::assertFailedNamingWhatToAdd);
	}

	private void assertFailedNamingWhatToAdd(AssertableWebApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("ws-streams.broker")
			.hasMessageContaining("spring-boot-starter-data-redis")
			.hasMessageContaining("spring-session-data-redis");
	}

}

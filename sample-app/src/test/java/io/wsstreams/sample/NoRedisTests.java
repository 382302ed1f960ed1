package io.wsstreams.sample;

import io.wsstreams.test.Frames;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default profile needs no Redis, although Spring Data Redis is on the classpath for
 * the {@code redis} profile: with Redis pointed at a port where nothing listens, the
 * sample is healthy and its features work.
 */
@TestPropertySource(properties = "spring.data.redis.port=1")
class NoRedisTests extends SampleTest {

	@Test
	void isUpAndChatsWithoutRedis() {
		JsonNode health = SampleHttpClient.json(this.http.get("/actuator/health"));
		assertThat(health.path("status").asString()).isEqualTo("UP");
		SignedIn alice = this.http.login(unique("alice"));
		try (StreamsTestConnection socket = open("stream=channel:no-redis&clients=chat,presence", alice.tokenHeader())) {
			socket.awaitFrame("welcome", null);
			socket.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"r1\",\"data\":{\"text\":\"hi\"}}");
			assertThat(socket.awaitFrame(Frames.answering("r1")).path("type").asString()).isEqualTo("reply");
		}
	}

}

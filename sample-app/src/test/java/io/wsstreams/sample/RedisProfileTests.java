package io.wsstreams.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.wsstreams.test.Frames;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample's {@code redis} profile: two instances sharing the Redis at 127.0.0.1:6379
 * act as one. A user signed in on one instance connects to the other; chat, presence,
 * typing and notifications published on either reach the clients of both.
 */
class RedisProfileTests {

	private static final String PREFIX = "ws-streams-sample-test-" + UUID.randomUUID() + ":";

	private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private static int first;

	private static int second;

	@BeforeAll
	static void startTwoInstances() {
		boolean answers = redisAnswers();
		if (!answers && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("Redis at 127.0.0.1:6379 does not answer, and CI=true: the redis profile's tests must run on CI");
		}
		assumeTrue(answers, "Redis at 127.0.0.1:6379 does not answer");
		first = start();
		second = start();
	}

	@AfterAll
	static void stopInstances() {
		instances.forEach(ConfigurableApplicationContext::close);
		if (!instances.isEmpty()) {
			// Once the instances stopped, so that nothing writes the keys again.
			LettuceConnectionFactory connections = new LettuceConnectionFactory("127.0.0.1", 6379);
			connections.afterPropertiesSet();
			connections.start();
			try {
				StringRedisTemplate redis = new StringRedisTemplate(connections);
				List<String> keys = new ArrayList<>(redis.keys(PREFIX + "*"));
				if (!keys.isEmpty()) {
					redis.delete(keys);
				}
			}
			finally {
				connections.destroy();
			}
		}
	}

	private static int start() {
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(SampleApplication.class)
			.profiles("redis")
			.run("--server.port=0", "--spring.main.banner-mode=off", "--ws-streams.redis.prefix=" + PREFIX);
		instances.add(instance);
		return ((WebServerApplicationContext) instance).getWebServer().getPort();
	}

	@Test
	void aSessionSignedInOnOneInstanceWorksOnTheOtherAndBothShareChatPresenceAndTyping() {
		String channel = "channel:" + UUID.randomUUID();
		String query = "stream=" + channel + "&clients=chat,presence,typing,notifications";
		SignedIn alice = new SampleHttpClient(first).login("alice");
		SignedIn bob = new SampleHttpClient(second).login("bob");
		try (StreamsTestConnection aliceOnSecond = SampleTest.open(second, query, alice.tokenHeader());
				StreamsTestConnection bobOnFirst = SampleTest.open(first, query, bob.cookieHeader())) {
			aliceOnSecond.awaitFrame("welcome", null);
			bobOnFirst.awaitFrame("welcome", null);
			JsonNode join = aliceOnSecond.awaitFrame(
					(frame) -> "join".equals(frame.path("event").asString(null)) && "bob".equals(frame.path("data").path("id").asString(null)));
			assertThat(join.path("type").asString()).isEqualTo("presence");

			aliceOnSecond.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"c1\",\"data\":{\"text\":\"hello from the second\"}}");
			String id = aliceOnSecond.awaitFrame(Frames.answering("c1")).path("id").asString();
			JsonNode message = bobOnFirst.awaitFrame((frame) -> "chat".equals(frame.path("type").asString(null))
					&& "message".equals(frame.path("event").asString(null)));
			assertThat(message.path("id").asString()).isEqualTo(id);
			assertThat(message.path("from").asString()).isEqualTo("alice");
			assertThat(message.path("data").path("text").asString()).isEqualTo("hello from the second");

			bobOnFirst.sendText("{\"type\":\"typing\",\"data\":{\"typing\":true}}");
			JsonNode typing = aliceOnSecond.awaitFrame(Frames.of("typing", null));
			assertThat(typing.path("from").asString()).isEqualTo("bob");

			String channelId = channel.substring("channel:".length());
			assertThat(new SampleHttpClient(second)
				.post("/api/channels/" + channelId + "/notifications", "{\"text\":\"deployed\"}", alice.tokenHeader())
				.statusCode()).isEqualTo(202);
			assertThat(bobOnFirst.awaitFrame(Frames.of("notifications", null)).path("data").path("text").asString())
				.isEqualTo("deployed");
		}
		try (StreamsTestConnection late = SampleTest.open(first, query, alice.cookieHeader())) {
			JsonNode history = late.awaitFrame((frame) -> "chat".equals(frame.path("type").asString(null))
					&& "message".equals(frame.path("event").asString(null)));
			assertThat(history.path("data").path("text").asString()).as("history from the other instance")
				.isEqualTo("hello from the second");
		}
	}

	/**
	 * A page that knows both instances, as it would without a load balancer, keeps its
	 * chat when the instance it was connected to goes away: it resumes on the other one
	 * and shows what was sent meanwhile, once.
	 */
	@Test
	void aPageResumesOnTheOtherInstanceWhenItsInstanceGoesAway(@TempDir Path profiles) {
		Browsers.requireInstalled();
		ConfigurableApplicationContext third = null;
		try (Browsers browsers = new Browsers()) {
			int doomed = start();
			third = instances.get(instances.size() - 1);
			String page = "http://localhost:" + doomed + "/?nodes=ws://localhost:" + doomed + "/ws,ws://localhost:"
					+ second + "/ws";
			WebDriver alice = browsers.open(profiles.resolve("alice"));
			String channel = Long.toString(System.nanoTime(), 36);
			Browsers.openChannel(alice, page, "alice", channel);
			StreamsTestConnection bob = SampleTest.open(first, "stream=channel:" + channel + "&clients=chat",
					new SampleHttpClient(first).login("bob").tokenHeader());
			bob.awaitFrame("welcome", null);
			bob.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"b1\",\"data\":{\"text\":\"before\"}}");
			Browsers.waiting(alice).until((driver) -> Browsers.messages(driver).contains("before"));

			third.close();
			instances.remove(third);
			bob.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"b2\",\"data\":{\"text\":\"while moving\"}}");
			bob.awaitFrame(Frames.answering("b2"));
			Browsers.waitForState(alice, "open");
			bob.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"b3\",\"data\":{\"text\":\"after\"}}");
			Browsers.waiting(alice).until((driver) -> Browsers.messages(driver).contains("after"));
			assertThat(Browsers.messages(alice)).containsExactly("before", "while moving", "after");
			assertThat(Browsers.messageIds(alice)).doesNotHaveDuplicates();
			bob.close();
		}
		finally {
			if (third != null && third.isActive()) {
				third.close();
				instances.remove(third);
			}
		}
	}

	@Test
	void healthIsUpWithRedisAndTheSummaryListsBothInstances() {
		SampleHttpClient http = new SampleHttpClient(first);
		JsonNode readiness = SampleHttpClient.json(http.get("/actuator/health/readiness"));
		assertThat(readiness.path("status").asString()).isEqualTo("UP");
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(15))
			.until(() -> SampleHttpClient.json(http.get("/actuator/streams")).path("nodes").size() == 2);
	}

	private static boolean redisAnswers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
			socket.setSoTimeout(1000);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] reply = socket.getInputStream().readNBytes(5);
			return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

}

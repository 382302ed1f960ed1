package io.wsstreams.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wsstreams.test.Frames;
import io.wsstreams.test.StreamsTestClient;
import io.wsstreams.test.StreamsTestConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.wsstreams.test.StreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as Spring AOT processed it in this build (its default profile, by the
 * {@code process-aot} goal before the tests), started on the JVM with
 * {@code -Dspring.aot.enabled=true} in a process of its own, from its classes and its
 * runtime classpath: the generated initializers build the context instead of the bean
 * definitions read at start-up, and a chat message makes a full round trip through the
 * handler methods and payload types that the AOT hints cover.
 */
class AotApplicationTests {

	private static final Path CLASSES = Path.of("target/classes");

	private static final Path RUNTIME_CLASSPATH = Path.of("target/runtime-classpath.txt");

	private static final Path HINTS = Path.of("target/spring-aot/main/resources/META-INF/native-image",
			"io.wsstreams/ws-streams-sample-app/reachability-metadata.json");

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Duration STARTUP = Duration.ofSeconds(90);

	@Test
	void chatsWhenStartedWithTheGeneratedInitializers(@TempDir Path directory) throws Exception {
		assertThat(CLASSES.resolve("io/wsstreams/sample/SampleApplication__ApplicationContextInitializer.class"))
			.as("the initializer that process-aot generates (build with ./mvnw -pl sample-app -am test)")
			.exists();
		Path log = directory.resolve("sample.log");
		Process process = start(log);
		try {
			int port = awaitPort(process, log);
			assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");
			StreamsTestClient alice = StreamsTestClient.forPort(port).signIn("/api/login", Map.of("name", "alice"));
			try (StreamsTestConnection chat = alice.connect("channel:1", "chat")) {
				chat.sendText("{\"type\":\"chat\",\"action\":\"send\",\"ref\":\"r1\",\"data\":{\"text\":\"hi\"}}");
				JsonNode reply = chat.awaitFrame(Frames.answering("r1"));
				assertThat(reply.path("type").asString()).isEqualTo("reply");
				assertThat(reply.path("id").asString()).matches("\\d+-\\d+");
				assertThat(chat).receives("chat", "message").hasId(reply.path("id").asString()).hasData("/text", "hi");
			}
		}
		finally {
			stop(process);
		}
	}

	@Test
	void processingWroteHintsForTheSamplesFeatureBeans() throws IOException {
		JsonNode reflection = JsonMapper.builder().build().readTree(HINTS.toFile()).path("reflection");
		assertThat(methods(reflection, "io.wsstreams.sample.ChatFeature")).contains("send");
		assertThat(methods(reflection, "io.wsstreams.sample.TypingFeature")).contains("typing");
		assertThat(methods(reflection, "io.wsstreams.sample.ChatFeature$ChatMessage")).contains("text");
		assertThat(methods(reflection, "io.wsstreams.delivery.PresenceFeature")).contains("status");
	}

	private static Process start(Path log) throws IOException {
		assertThat(RUNTIME_CLASSPATH).as("the runtime classpath that the build writes").exists();
		String classpath = CLASSES.toAbsolutePath() + File.pathSeparator + Files.readString(RUNTIME_CLASSPATH).strip();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Dspring.aot.enabled=true", "-cp", classpath,
				SampleApplication.class.getName(), "--server.port=0", "--spring.main.banner-mode=off"));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static int awaitPort(Process process, Path log) {
		return await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() -> {
			Matcher started = STARTED.matcher(Files.readString(log));
			if (started.find()) {
				return Integer.parseInt(started.group(1));
			}
			assertThat(process.isAlive()).as("the sample is running; its output:%n%s", Files.readString(log)).isTrue();
			return null;
		}, (port) -> port != null);
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static List<String> methods(JsonNode reflection, String type) {
		List<String> methods = new ArrayList<>();
		for (JsonNode entry : reflection) {
			// Proxy entries name their interfaces in an object instead of a type name.
			if (entry.path("type").isString() && type.equals(entry.path("type").asString())) {
				entry.path("methods").forEach((method) -> methods.add(method.path("name").asString()));
			}
		}
		return methods;
	}

}

package io.wsstreams.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.wsstreams.actuate.OperationsTest;
import io.wsstreams.it.SocketTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client's tests ({@code src/test/js/*.test.mjs}), run by Node's test
 * runner, each Node test a JUnit test of its own: the unit tests over the mock
 * connection, and the tests against this server (with the streams actuator endpoint, so
 * that a test can close a stream's sockets). Their users are signed in here; Node's
 * WebSocket sends each one's session id in {@code X-Auth-Token}.
 */
@OperationsTest
class JavaScriptClientTests extends SocketTestSupport {

	private static final Path TESTS = Path.of("src/test/js");

	private static NodeTestRunner node;

	@BeforeAll
	static void nodeInstalled() {
		node = NodeTestRunner.require();
	}

	@TestFactory
	Stream<DynamicNode> nodeTests() throws IOException {
		Map<String, String> environment = Map.of("WS_STREAMS_URL", "ws://localhost:" + this.port + "/ws",
				"WS_STREAMS_HTTP", "http://localhost:" + this.port, "WS_STREAMS_SESSIONS", sessions("alice", "bob", "carol"));
		List<Path> files;
		try (Stream<Path> listed = Files.list(TESTS)) {
			files = listed.filter((file) -> file.getFileName().toString().endsWith(".test.mjs")).sorted().toList();
		}
		assertThat(files).as("test files in %s", TESTS.toAbsolutePath()).hasSizeGreaterThan(3);
		return files.stream()
			.map((file) -> DynamicContainer.dynamicContainer(file.getFileName().toString(),
					Stream.of(file).flatMap((f) -> node.run(f, environment).stream())));
	}

	private String sessions(String... aliases) {
		return Stream.of(aliases).map((alias) -> {
			String user = unique("js-" + alias);
			return alias + "=" + user + ":" + signIn(user);
		}).collect(Collectors.joining(","));
	}

}

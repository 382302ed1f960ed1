package io.wsstreams.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.wsstreams.client.NodeTestRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Pusher's own clients against the running sample: the Node tests in
 * {@code src/test/js/*.test.mjs} (pusher-js 8 and Laravel Echo 2 over it, as installed by
 * {@code npm ci} from {@code package-lock.json}), each Node test a JUnit test of its own.
 * Without Node, or without the npm packages, they fail on CI and are skipped elsewhere.
 */
class PusherClientTests extends SampleTest {

	private static final Path TESTS = Path.of("src/test/js");

	/** A file of each package the tests import, as npm ci installs them. */
	private static final List<Path> PACKAGES = Stream.of("pusher-js", "laravel-echo", "pusher")
		.map((name) -> Path.of("node_modules", name, "package.json"))
		.toList();

	private static NodeTestRunner node;

	@BeforeAll
	static void nodeAndPackagesInstalled() {
		node = NodeTestRunner.require();
		List<Path> missing = PACKAGES.stream().filter((file) -> !Files.isRegularFile(file)).toList();
		if (!missing.isEmpty()) {
			String message = "The tests with Pusher's clients need the sample's npm packages (npm ci in sample-app, "
					+ "which the build runs where npm is installed); missing: " + missing;
			if ("true".equals(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
	}

	@TestFactory
	Stream<DynamicNode> nodeTests() throws IOException {
		Map<String, String> environment = Map.of("SAMPLE_URL", "http://localhost:" + this.port);
		List<Path> files;
		try (Stream<Path> listed = Files.list(TESTS)) {
			files = listed.filter((file) -> file.getFileName().toString().endsWith(".test.mjs")).sorted().toList();
		}
		assertThat(files).as("test files in %s", TESTS.toAbsolutePath()).isNotEmpty();
		return files.stream()
			.map((file) -> DynamicContainer.dynamicContainer(file.getFileName().toString(),
					Stream.of(file).flatMap((f) -> node.run(f, environment).stream())));
	}

}

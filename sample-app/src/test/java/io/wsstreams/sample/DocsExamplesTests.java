package io.wsstreams.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java and JavaScript example in docs/testing.md, and every JavaScript example of Pusher's
 * clients in docs/pusher.md, is part of what the build runs: each fenced {@code java} or
 * {@code js} block must appear, line for line (indentation and blank lines aside), in a test
 * source of its language, or for docs/pusher.md in the sample's tests with Pusher's clients or
 * its Pusher demo page.
 */
class DocsExamplesTests {

	private static final Path ROOT = Path.of("..");

	private static final Pattern BLOCK = Pattern.compile("```(java|js)\\n(.*?)```", Pattern.DOTALL);

	private static final Map<String, List<Path>> SOURCES = Map.of("java",
			List.of(Path.of("src/test/java"), ROOT.resolve("integration-tests/src/test/java"),
					ROOT.resolve("security-tests/src/test/java")), "js",
			List.of(ROOT.resolve("integration-tests/src/test/js")));

	/** The sources of docs/pusher.md's JavaScript: the sample's Node tests and its demo page. */
	private static final Map<String, List<Path>> PUSHER_SOURCES = Map.of("js",
			List.of(Path.of("src/test/js"), Path.of("src/main/resources/static")));

	private static final Map<String, List<String>> EXTENSIONS = Map.of("java", List.of(".java"), "js",
			List.of(".mjs", ".js"));

	@TestFactory
	Stream<DynamicTest> everyExampleIsInATestThatRuns() throws IOException {
		return examples("docs/testing.md", SOURCES);
	}

	@TestFactory
	Stream<DynamicTest> everyPusherClientExampleIsInATestThatRuns() throws IOException {
		return examples("docs/pusher.md", PUSHER_SOURCES);
	}

	/**
	 * A test per example of a guide in a language that has sources, checking that one of
	 * them holds it.
	 */
	private static Stream<DynamicTest> examples(String file, Map<String, List<Path>> roots) throws IOException {
		String guide = Files.readString(ROOT.resolve(file));
		Matcher block = BLOCK.matcher(guide);
		List<DynamicTest> tests = new ArrayList<>();
		while (block.find()) {
			String language = block.group(1);
			if (!roots.containsKey(language)) {
				continue;
			}
			String example = normalize(block.group(2));
			int line = guide.substring(0, block.start()).split("\n", -1).length;
			tests.add(DynamicTest.dynamicTest(file + " line " + line + " (" + language + ")", () -> {
				List<String> sources = sources(roots.get(language), language);
				assertThat(sources).as("sources of " + language).isNotEmpty();
				assertThat(sources).as("a source holding the example at line " + line)
					.anyMatch((source) -> source.contains(example));
			}));
		}
		assertThat(tests).as("examples in " + file).isNotEmpty();
		return tests.stream();
	}

	private static List<String> sources(List<Path> roots, String language) throws IOException {
		List<String> sources = new ArrayList<>();
		for (Path root : roots) {
			if (!Files.isDirectory(root)) {
				continue;
			}
			try (Stream<Path> files = Files.walk(root)) {
				for (Path file : files.filter(Files::isRegularFile)
					.filter((path) -> EXTENSIONS.get(language).stream().anyMatch(path.toString()::endsWith))
					.toList()) {
					sources.add(normalize(Files.readString(file)));
				}
			}
		}
		return sources;
	}

	private static String normalize(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).collect(Collectors.joining("\n"));
	}

}

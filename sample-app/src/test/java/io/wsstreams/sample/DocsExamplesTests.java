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
 * Every Java and JavaScript example in docs/testing.md is part of a test that the build runs:
 * each fenced {@code java} or {@code js} block must appear, line for line (indentation and
 * blank lines aside), in a test source of its language.
 */
class DocsExamplesTests {

	private static final Path ROOT = Path.of("..");

	private static final Pattern BLOCK = Pattern.compile("```(java|js)\\n(.*?)```", Pattern.DOTALL);

	private static final Map<String, List<Path>> SOURCES = Map.of("java",
			List.of(Path.of("src/test/java"), ROOT.resolve("integration-tests/src/test/java"),
					ROOT.resolve("security-tests/src/test/java")), "js",
			List.of(ROOT.resolve("integration-tests/src/test/js")));

	private static final Map<String, String> EXTENSIONS = Map.of("java", ".java", "js", ".mjs");

	@TestFactory
	Stream<DynamicTest> everyExampleIsInATestThatRuns() throws IOException {
		String guide = Files.readString(ROOT.resolve("docs/testing.md"));
		Matcher block = BLOCK.matcher(guide);
		List<DynamicTest> tests = new ArrayList<>();
		while (block.find()) {
			String language = block.group(1);
			String example = normalize(block.group(2));
			int line = guide.substring(0, block.start()).split("\n", -1).length;
			tests.add(DynamicTest.dynamicTest("docs/testing.md line " + line + " (" + language + ")", () -> {
				List<String> sources = sources(language);
				assertThat(sources).as("test sources of " + language).isNotEmpty();
				assertThat(sources).as("a test source holding the example at line " + line)
					.anyMatch((source) -> source.contains(example));
			}));
		}
		assertThat(tests).as("examples in docs/testing.md").isNotEmpty();
		return tests.stream();
	}

	private static List<String> sources(String language) throws IOException {
		List<String> sources = new ArrayList<>();
		for (Path root : SOURCES.get(language)) {
			if (!Files.isDirectory(root)) {
				continue;
			}
			try (Stream<Path> files = Files.walk(root)) {
				for (Path file : files.filter(Files::isRegularFile)
					.filter((path) -> path.toString().endsWith(EXTENSIONS.get(language)))
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

package io.wsstreams.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of {@code io.wsstreams} form layers: no package depends, directly or
 * through others, on a package that depends on it. Read from the main sources: every
 * reference to a type of another {@code io.wsstreams} package, by import or by fully
 * qualified name.
 */
class PackageLayersTests {

	private static final Path SOURCES = Path.of("../autoconfigure/src/main/java");

	private static final Pattern REFERENCE = Pattern.compile("\\bio\\.wsstreams((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

	@Test
	void packagesHaveNoImportCycle() throws IOException {
		Map<String, Set<String>> dependencies = dependencies();
		assertThat(dependencies).as("packages read").hasSizeGreaterThan(5);
		List<List<String>> cycles = new ArrayList<>();
		for (String start : dependencies.keySet()) {
			List<String> cycle = cycleFrom(start, dependencies);
			if (cycle != null) {
				cycles.add(cycle);
			}
		}
		assertThat(cycles).as("import cycles between packages (package -> package it uses -> ...)").isEmpty();
	}

	@Test
	void theWireTheUserApiTheBrokerSpiAndItsImplementationsUseNothingOfTheEngine() throws IOException {
		Map<String, Set<String>> dependencies = dependencies();
		assertThat(dependencies.get("io.wsstreams.protocol")).isEmpty();
		Set<String> foundation = Set.of("io.wsstreams", "io.wsstreams.protocol", "io.wsstreams.broker");
		for (String layer : List.of("io.wsstreams", "io.wsstreams.broker", "io.wsstreams.broker.memory",
				"io.wsstreams.broker.redis")) {
			assertThat(foundation).as("what %s uses", layer).containsAll(dependencies.get(layer));
		}
		assertThat(dependencies.get("io.wsstreams.feature")).as("what the feature model uses")
			.isSubsetOf("io.wsstreams", "io.wsstreams.protocol");
	}

	/**
	 * The package dependencies, for docs and for reading: prints one line per package.
	 * @param args unused
	 * @throws IOException when the sources cannot be read
	 */
	public static void main(String[] args) throws IOException {
		dependencies().forEach((from, to) -> System.out.println(from + " -> " + to));
	}

	static Map<String, Set<String>> dependencies() throws IOException {
		Map<String, Set<String>> dependencies = new TreeMap<>();
		try (Stream<Path> files = Files.walk(SOURCES.resolve("io/wsstreams"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String from = "io.wsstreams" + packageSuffix(SOURCES.relativize(file.getParent()));
				Set<String> uses = dependencies.computeIfAbsent(from, (key) -> new TreeSet<>());
				Matcher matcher = REFERENCE.matcher(withoutComments(Files.readString(file)));
				while (matcher.find()) {
					String to = "io.wsstreams" + matcher.group(1);
					if (!to.equals(from)) {
						uses.add(to);
					}
				}
			}
		}
		return dependencies;
	}

	private static String packageSuffix(Path directory) {
		String name = directory.toString().replace('/', '.').replace('\\', '.');
		return name.substring("io.wsstreams".length());
	}

	private static String withoutComments(String source) {
		return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
	}

	private static List<String> cycleFrom(String start, Map<String, Set<String>> dependencies) {
		Map<String, String> parents = new LinkedHashMap<>();
		List<String> queue = new ArrayList<>(dependencies.getOrDefault(start, Set.of()));
		queue.forEach((next) -> parents.put(next, start));
		Set<String> seen = new HashSet<>(queue);
		for (int i = 0; i < queue.size(); i++) {
			String current = queue.get(i);
			if (current.equals(start)) {
				List<String> cycle = new ArrayList<>();
				for (String at = parents.get(start); !at.equals(start); at = parents.get(at)) {
					cycle.add(0, at);
				}
				cycle.add(0, start);
				cycle.add(start);
				return cycle;
			}
			for (String next : dependencies.getOrDefault(current, Set.of())) {
				if (seen.add(next)) {
					parents.put(next, current);
					queue.add(next);
				}
			}
		}
		return null;
	}

}

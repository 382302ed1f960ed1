package io.wsstreams.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM, which has no parent so that it hands applications its own entries only, manages
 * exactly the published modules and repeats the version and metadata of the build's parent.
 * Read from the POM files of this repository.
 */
class BomTests {

	private static final Path ROOT = Path.of("..");

	@Test
	void hasNoParentAndManagesNothingButTheProjectsModules() throws Exception {
		Element bom = pom("bom");
		assertThat(child(bom, "parent")).isNull();
		assertThat(bom.getElementsByTagName("dependencyManagement").getLength()).isOne();
		for (Element dependency : children(path(bom, "dependencyManagement", "dependencies"), "dependency")) {
			assertThat(text(dependency, "groupId")).isEqualTo("io.wsstreams");
			assertThat(text(dependency, "version")).isEqualTo("${project.version}");
			assertThat(child(dependency, "scope")).isNull();
		}
	}

	@Test
	void managesEveryPublishedModule() throws Exception {
		Set<String> published = new TreeSet<>();
		for (Element module : children(path(pom(""), "modules"), "module")) {
			Element pom = pom(module.getTextContent());
			Element properties = child(pom, "properties");
			boolean deployed = properties == null || !"true".equals(text(properties, "maven.deploy.skip"));
			if (deployed && !"pom".equals(text(pom, "packaging"))) {
				published.add(text(pom, "artifactId"));
			}
		}
		Set<String> managed = new TreeSet<>();
		for (Element dependency : children(path(pom("bom"), "dependencyManagement", "dependencies"),
				"dependency")) {
			managed.add(text(dependency, "artifactId"));
		}
		assertThat(published).contains("ws-streams-spring-boot-autoconfigure", "ws-streams-spring-boot-starter",
				"ws-streams-test");
		assertThat(managed).isEqualTo(published);
	}

	@Test
	void hasTheVersionAndMetadataOfTheParent() throws Exception {
		Element parent = pom("");
		Element bom = pom("bom");
		assertThat(text(bom, "groupId")).isEqualTo(text(parent, "groupId"));
		assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
		for (String element : List.of("url", "inceptionYear", "organization", "licenses", "developers", "scm",
				"issueManagement")) {
			assertThat(child(parent, element)).as(element).isNotNull();
			assertThat(normalized(child(bom, element))).as(element).isEqualTo(normalized(child(parent, element)));
		}
	}

	private static Element pom(String module) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		Document document = factory.newDocumentBuilder().parse(ROOT.resolve(module).resolve("pom.xml").toFile());
		return document.getDocumentElement();
	}

	private static Element path(Element element, String... names) {
		Element current = element;
		for (String name : names) {
			current = child(current, name);
			assertThat(current).as(name).isNotNull();
		}
		return current;
	}

	private static Element child(Element element, String name) {
		List<Element> found = children(element, name);
		return found.isEmpty() ? null : found.get(0);
	}

	private static List<Element> children(Element element, String name) {
		List<Element> found = new ArrayList<>();
		NodeList nodes = element.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++) {
			if (nodes.item(i) instanceof Element child && child.getTagName().equals(name)) {
				found.add(child);
			}
		}
		return found;
	}

	private static String text(Element element, String name) {
		Element child = child(element, name);
		return (child != null) ? child.getTextContent().trim() : null;
	}

	/** The element's content without whitespace between elements, attributes left out. */
	private static String normalized(Element element) {
		if (element == null) {
			return null;
		}
		StringBuilder out = new StringBuilder("<" + element.getTagName() + ">");
		NodeList nodes = element.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++) {
			Node node = nodes.item(i);
			if (node instanceof Element child) {
				out.append(normalized(child));
			}
			else if (node.getNodeType() == Node.TEXT_NODE) {
				out.append(node.getTextContent().trim());
			}
		}
		return out.append("</").append(element.getTagName()).append(">").toString();
	}

}

package com.leadignite.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The SpotBugs / Find Security Bugs gate of {@code mvn verify} fails the build on a high finding. A canary
 * build is generated from the project's own pom (its parent, properties and SpotBugs plugin element, taken
 * as they are) over one planted class ({@code src/test/spotbugs-canary}: an encryption key written into
 * the code, which Find Security Bugs rates high), and must fail on it. Removing Find Security Bugs, the
 * {@code check} execution or the {@code failThreshold} makes the canary pass and this test fail. The planted class is compiled only by
 * the canary build, under {@code target/spotbugs-canary}: never into the project's classes or its jar.
 */
class SpotBugsGateTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path CANARY_SOURCES = ROOT.resolve("src/test/spotbugs-canary");
    static final Path CANARY = ROOT.resolve("target/spotbugs-canary");

    @Test
    void aPlantedHighFindingFailsTheBuild() throws Exception {
        Path pom = canaryPom();
        Path log = CANARY.resolve("build.log");
        List<String> command = new ArrayList<>(List.of(maven(), "-B", "-f", pom.toString(), "verify"));
        if (Boolean.getBoolean("leadignite.canary.offline")) {
            command.add("-o");
        }
        Process build = new ProcessBuilder(command).directory(CANARY.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(build.waitFor(10, TimeUnit.MINUTES)).as("the canary build finishes").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(output).as("the canary got as far as SpotBugs").contains("spotbugs-maven-plugin");
        assertThat(output).as("Find Security Bugs reported the planted key as high")
                .containsPattern("High: .*PlantedHardCodedKey.* HARD_CODE_KEY");
        assertThat(build.exitValue()).as("the build fails on it (see " + log + ")").isNotZero();
        assertThat(output).contains("spotbugs-maven-plugin").containsPattern("failed with \\d+ bugs");
        // the planted class never reaches the shipped classes
        assertThat(ROOT.resolve("target/classes/com/leadignite/canary")).doesNotExist();
    }

    /** {@code target/spotbugs-canary/pom.xml}: the project's parent, properties and SpotBugs plugin, over the canary. */
    static Path canaryPom() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document project = f.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        Element root = project.getDocumentElement();
        Element spotbugs = null;
        NodeList plugins = ((Element) child(child(root, "build"), "plugins")).getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element p = (Element) plugins.item(i);
            if (p.getParentNode().getParentNode().getNodeName().equals("build")
                    && text(p, "artifactId").equals("spotbugs-maven-plugin")) {
                spotbugs = p;
            }
        }
        assertThat(spotbugs).as("the project's pom configures SpotBugs").isNotNull();

        Document canary = f.newDocumentBuilder().newDocument();
        Element c = canary.createElement("project");
        canary.appendChild(c);
        add(canary, c, "modelVersion", "4.0.0");
        c.appendChild(canary.importNode(child(root, "parent"), true));
        add(canary, c, "groupId", "com.leadignite.checks");
        add(canary, c, "artifactId", "spotbugs-canary");
        add(canary, c, "version", "0");
        c.appendChild(canary.importNode(child(root, "properties"), true));
        Element build = add(canary, c, "build", null);
        add(canary, build, "directory", CANARY.resolve("target").toString());
        add(canary, build, "sourceDirectory", CANARY_SOURCES.toString());
        Element plugin = (Element) canary.importNode(spotbugs, true);
        // the canary's own (empty) exclusions: the planted finding must count
        NodeList filters = plugin.getElementsByTagName("excludeFilterFile");
        for (int i = 0; i < filters.getLength(); i++) {
            filters.item(i).setTextContent(CANARY_SOURCES.resolve("spotbugs-exclude.xml").toString());
        }
        add(canary, build, "plugins", null).appendChild(plugin);

        Files.createDirectories(CANARY);
        Path pom = CANARY.resolve("pom.xml");
        var t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.INDENT, "yes");
        t.transform(new DOMSource(canary), new StreamResult(pom.toFile()));
        return pom;
    }

    /** The Maven running this build when known, else the one on the PATH. */
    static String maven() {
        String home = System.getProperty("maven.home");
        if (home != null && new File(home, "bin/mvn").canExecute()) {
            return new File(home, "bin/mvn").getPath();
        }
        return "mvn";
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNodeName().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("no <" + name + "> in <" + parent.getNodeName() + ">");
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }

    private static Element add(Document d, Element parent, String name, String text) {
        Element e = d.createElement(name);
        if (text != null) {
            e.setTextContent(text);
        }
        parent.appendChild(e);
        return e;
    }
}

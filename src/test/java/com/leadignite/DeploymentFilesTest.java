package com.leadignite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No container engine runs here, so the deployment kit is checked against the code it deploys: every
 * path, port, profile and environment variable named in the Dockerfile, compose.yaml and .env.example
 * must be one the service and the repository really have.
 */
class DeploymentFilesTest {

    static final Path ROOT = Path.of("").toAbsolutePath();

    static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(read(file));
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> map, String dotted) {
        Object cur = map;
        for (String key : dotted.split("\\.")) {
            cur = cur instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return (T) cur;
    }

    /** Environment variables the service reads: the ${NAME...} placeholders of its configuration files. */
    static Set<String> serviceVariables() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("src/main/resources"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("application.*\\.yml")).toList()) {
                Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        names.add("SPRING_PROFILES_ACTIVE"); // read by Spring itself
        return names;
    }

    static String dockerEnv(String dockerfile, String name) {
        Matcher m = Pattern.compile("(?m)\\b" + name + "=(\"[^\"]*\"|\\S+)").matcher(dockerfile);
        assertThat(m.find()).as("Dockerfile ENV " + name).isTrue();
        return m.group(1).replace("\"", "");
    }

    @Test
    void theImageRunsTheLeanJarUnprivilegedWithAHealthCheckOnTheRealProbe() throws Exception {
        String dockerfile = read("Dockerfile");
        String runStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Map<String, Object> metrics = yaml("src/main/resources/application-metrics.yml");

        // non-root: a numeric, non-zero user in the final stage
        Matcher user = Pattern.compile("(?m)^USER (\\d+)(?::(\\d+))?$").matcher(runStage);
        assertThat(user.find()).as("USER in the final stage").isTrue();
        assertThat(Integer.parseInt(user.group(1))).isPositive();

        // the jar the build makes is the jar that runs
        String artifact = Pattern.compile("<artifactId>(leadignite[^<]*)</artifactId>").matcher(read("pom.xml"))
                .results().findFirst().orElseThrow().group(1);
        assertThat(dockerfile).contains("target/" + artifact + "-*.jar /build/app.jar", "COPY --from=build /build/app.jar /app/app.jar",
                "ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]");

        // profiles and ports the service knows
        List<String> profiles = List.of(dockerEnv(runStage, "SPRING_PROFILES_ACTIVE").split(","));
        assertThat(profiles).contains("prod", "metrics");
        assertThat(ROOT.resolve("src/main/resources/application-metrics.yml")).exists();
        String managementPort = dockerEnv(runStage, "MANAGEMENT_PORT");
        assertThat(String.valueOf((Object) at(metrics, "management.server.port"))).isEqualTo("${MANAGEMENT_PORT:" + managementPort + "}");
        String port = dockerEnv(runStage, "PORT");
        assertThat(read("src/main/resources/application.yml")).contains("port: ${PORT:" + port + "}");
        assertThat(runStage).containsPattern("(?m)^EXPOSE " + port + " " + managementPort + "$");

        // the health check asks the readiness probe the metrics profile enables, on the management port
        assertThat((Boolean) at(metrics, "management.endpoint.health.probes.enabled")).isTrue();
        Matcher check = Pattern.compile("(?m)^HEALTHCHECK .*\\n?.*CMD (.*)$").matcher(runStage);
        assertThat(check.find()).as("HEALTHCHECK").isTrue();
        assertThat(check.group(1)).contains("/dev/tcp/127.0.0.1/${MANAGEMENT_PORT}", "GET /actuator/health/readiness ");

        // the build context keeps out local data, keys and build output, and keeps .git (commit in /actuator/info)
        List<String> ignored = read(".dockerignore").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains("target/", "data/", ".env").doesNotContain(".git", ".git/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeWiresTheServiceToItsDatabaseAndRedisWithSettingsItReads() throws Exception {
        Map<String, Object> compose = yaml("compose.yaml");
        Map<String, Object> services = at(compose, "services");
        assertThat(services).containsKeys("api", "postgres", "redis");
        Map<String, Object> api = (Map<String, Object>) services.get("api");
        Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
        Map<String, String> env = (Map<String, String>) api.get("environment");
        Map<String, String> pgEnv = (Map<String, String>) postgres.get("environment");

        // every variable handed to the service is one it reads
        assertThat(serviceVariables()).containsAll(env.keySet());

        // read-only root file system, a writable /tmp only, no capabilities
        assertThat(api.get("read_only")).isEqualTo(true);
        assertThat((List<String>) api.get("tmpfs")).anyMatch(t -> t.startsWith("/tmp"));
        assertThat((List<String>) api.get("cap_drop")).contains("ALL");

        // database and redis: the compose services, their ports, the same roles on both sides
        assertThat(env.get("DATABASE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + pgEnv.get("POSTGRES_DB"));
        assertThat(env.get("DATABASE_USER")).isEqualTo(pgEnv.get("POSTGRES_USER"));
        assertThat(env.get("DATABASE_PASSWORD")).isEqualTo(pgEnv.get("POSTGRES_PASSWORD"));
        assertThat(env.get("DATABASE_APP_USER")).isEqualTo(pgEnv.get("DATABASE_APP_USER"));
        assertThat(env.get("DATABASE_APP_PASSWORD")).isEqualTo(pgEnv.get("DATABASE_APP_PASSWORD"));
        assertThat(env.get("REDIS_URL")).isEqualTo("redis://redis:6379");
        assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo(dockerEnv(read("Dockerfile"), "SPRING_PROFILES_ACTIVE"));

        // the init script exists, is executable and reads the variables compose gives it
        String mount = ((List<String>) postgres.get("volumes")).stream().filter(v -> v.contains("docker-entrypoint-initdb.d"))
                .findFirst().orElseThrow();
        Path script = ROOT.resolve(mount.split(":")[0]).normalize();
        assertThat(script).exists();
        assertThat(Files.isExecutable(script)).isTrue();
        String scriptText = Files.readString(script);
        for (String name : List.of("POSTGRES_USER", "POSTGRES_DB", "DATABASE_APP_USER", "DATABASE_APP_PASSWORD")) {
            assertThat(scriptText).contains("$" + name);
            assertThat(name.startsWith("POSTGRES_") || pgEnv.containsKey(name)).as(name).isTrue();
        }
        assertThat(scriptText).contains("nobypassrls", "nosuperuser");

        // only the public port is published, onto the port the service listens on
        List<String> ports = (List<String>) api.get("ports");
        assertThat(ports).hasSize(1);
        assertThat(ports.get(0)).endsWith(":" + env.get("PORT"));
        assertThat(String.join(" ", ports)).doesNotContain(env.get("MANAGEMENT_PORT"));

        // start order by health, and the stores on a network the host cannot reach
        Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) api.get("depends_on");
        assertThat(dependsOn.get("postgres").get("condition")).isEqualTo("service_healthy");
        assertThat(dependsOn.get("redis").get("condition")).isEqualTo("service_healthy");
        assertThat(postgres).containsKey("healthcheck").doesNotContainKey("ports");
        assertThat((Map<String, Object>) services.get("redis")).containsKey("healthcheck").doesNotContainKey("ports");
        assertThat((Boolean) at(compose, "networks.backend.internal")).isTrue();
    }

    @Test
    void envExampleListsEveryVariableComposeNeedsAndNothingElse() throws Exception {
        String compose = read("compose.yaml");
        Set<String> used = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[?-])").matcher(compose).results()
                .map(r -> r.group(1)).collect(Collectors.toSet());
        Set<String> required = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?").matcher(compose).results()
                .map(r -> r.group(1)).collect(Collectors.toSet());
        Set<String> example = read(".env.example").lines().map(String::strip)
                .filter(l -> !l.startsWith("#") && l.contains("="))
                .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
        assertThat(required).contains("LEADIGNITE_MASTER_KEY", "DATABASE_PASSWORD", "DATABASE_APP_PASSWORD", "PUBLIC_BASE_URL");
        assertThat(example).containsAll(used);
        assertThat(used).containsAll(example);
        // no real secret in the example: required secrets are left empty
        assertThat(read(".env.example")).containsPattern("(?m)^LEADIGNITE_MASTER_KEY=$")
                .containsPattern("(?m)^DATABASE_PASSWORD=$").containsPattern("(?m)^DATABASE_APP_PASSWORD=$");
        assertThat(read(".gitignore").lines()).contains(".env");
    }
}

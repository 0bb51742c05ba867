package com.leadignite;

import static org.awaitility.Awaitility.await;

import com.leadignite.support.TestDatabase;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The service started as its own JVM, the way an operator or {@code mvn spring-boot:run} starts it: the main
 * classes and their runtime libraries, without the test classes (so no test profile, no test database
 * initializer) and, like the packaged jar, without the embedded PostgreSQL. Every line it prints is kept.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Path dataDir;
    private final String database;
    private final Thread reader;

    private ServiceProcess(Process process, Path dataDir, String database) {
        this.process = process;
        this.dataDir = dataDir;
        this.database = database;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "service-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the service. {@code withDatabase} gives it a fresh database of the machine's PostgreSQL as
     * {@code DATABASE_URL}; without it the service is left to its defaults.
     */
    static ServiceProcess start(boolean withDatabase, List<String> jvmArgs, String... args) throws IOException {
        Path dataDir = Files.createTempDirectory("li-service-");
        String database = null;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(runtimeClasspath());
        command.add("com.leadignite.LeadIgniteApplication");
        command.add("--server.port=0");
        command.add("--leadignite.data-dir=" + dataDir);
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("LEADIGNITE_") || k.startsWith("DATABASE_")
                || k.startsWith("REDIS_") || k.equals("PORT") || k.equals("PUBLIC_BASE_URL") || k.startsWith("MANAGEMENT_"));
        if (withDatabase) {
            database = "li_svc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            admin("create database " + database);
            env.put("DATABASE_URL", "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/" + database);
            env.put("DATABASE_USER", TestDatabase.OWNER);
        }
        return new ServiceProcess(pb.start(), dataDir, database);
    }

    /** The test JVM's class path less test classes, test-only libraries' config and the embedded PostgreSQL. */
    static String runtimeClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.replace('\\', '/').contains("/test-classes"))
                .filter(e -> !e.replace('\\', '/').contains("/io/zonky/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    String output() {
        return String.join("\n", lines);
    }

    boolean alive() {
        return process.isAlive();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service did not stop within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Waits (bounded) for a line matching {@code test}; fails with the whole output if the process ends first. */
    String awaitLine(Predicate<String> test, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (find(test).isPresent()) {
                return true;
            }
            if (!process.isAlive()) {
                reader.join(2000); // the reader ends at end of output: then every line the process printed is kept
                if (find(test).isPresent()) {
                    return true;
                }
                throw new AssertionError("the service ended (exit " + process.exitValue() + "):\n" + output());
            }
            return false;
        });
        return find(test).orElseThrow();
    }

    Optional<String> find(Predicate<String> test) {
        return lines.stream().filter(test).findFirst();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (database != null) {
            admin("drop database if exists " + database + " with (force)");
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/postgres", TestDatabase.OWNER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("service database: " + e.getMessage(), e);
        }
    }
}

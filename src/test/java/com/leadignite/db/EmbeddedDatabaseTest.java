package com.leadignite.db;

import com.leadignite.config.DatabaseProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.config.AppProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded PostgreSQL (no DATABASE_URL) accepts no login without a password, keeps its generated
 * passwords owner-only under the data directory across restarts, and upgrades a data directory of an
 * earlier version (trust, no passwords) in place.
 */
class EmbeddedDatabaseTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({AppProperties.class, DatabaseProperties.class})
    @Import(DatabaseConfiguration.class)
    static class Embedded {
    }

    private static ApplicationContextRunner runner(Path dataDir) {
        return new ApplicationContextRunner()
                .withUserConfiguration(Embedded.class)
                .withPropertyValues("leadignite.public-base-url=http://localhost:8080", "leadignite.data-dir=" + dataDir,
                        "leadignite.database.url=", "leadignite.database.user=postgres",
                        "leadignite.database.app-user=leadignite_app", "leadignite.database.pool-size=2");
    }

    private static void run(Path dataDir, Consumer<AssertableApplicationContext> check) {
        runner(dataDir).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            check.accept(ctx);
        });
    }

    private static String url(AssertableApplicationContext ctx) {
        return ctx.getBean(DatabaseConfiguration.DatabaseLocation.class).jdbcUrl();
    }

    private static void assertPasswordlessLoginsRefused(String url) {
        for (String role : new String[] {"postgres", "leadignite_app"}) {
            assertThatThrownBy(() -> DriverManager.getConnection(url, role, "").close())
                    .as("passwordless login as %s", role).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, role, "wrong-password").close())
                    .as("wrong password for %s", role).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aPasswordlessLoginToTheEmbeddedServerIsRefused(@TempDir Path dataDir) throws Exception {
        run(dataDir, ctx -> {
            assertThat(ctx.getBean(JdbcClient.class).sql("select current_user").query(String.class).single())
                    .isEqualTo("leadignite_app");
            assertPasswordlessLoginsRefused(url(ctx));
        });
        Path credentials = dataDir.resolve("postgres.credentials");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf")).lines()
                .filter(l -> !l.isBlank() && !l.trim().startsWith("#")))
                .isNotEmpty()
                .allMatch(l -> l.trim().endsWith("scram-sha-256"), "only scram-sha-256 entries");
        assertThat(dataDir.toFile().list()).noneMatch(n -> n.startsWith("pwfile"));

        // a restart reuses the stored passwords
        String before = Files.readString(credentials);
        run(dataDir, ctx -> {
            assertThat(ctx.getBean(JdbcClient.class).sql("select 1").query(Integer.class).single()).isEqualTo(1);
            assertPasswordlessLoginsRefused(url(ctx));
        });
        assertThat(Files.readString(credentials)).isEqualTo(before);
    }

    @Test
    void aDataDirectoryOfAnEarlierVersionIsUpgradedInPlace(@TempDir Path dataDir) throws Exception {
        // what earlier versions left behind: trust entries, a superuser and runtime role without passwords, data
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).setServerConfig("listen_addresses", "127.0.0.1").start();
             Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + old.getPort() + "/postgres", "postgres", "")) {
            c.createStatement().execute("create schema legacy; create table legacy.kept (v text); insert into legacy.kept values ('from before')");
        }
        assertThat(EmbeddedDatabase.trusts(dataDir.resolve("postgres"))).isTrue();

        run(dataDir, ctx -> {
            assertPasswordlessLoginsRefused(url(ctx));
            assertThat(ctx.getBean(JdbcClient.class).sql("select current_user").query(String.class).single())
                    .isEqualTo("leadignite_app");
            try (Connection c = DriverManager.getConnection(url(ctx), "postgres", ownerPassword(dataDir))) {
                var rs = c.prepareStatement("select v from legacy.kept").executeQuery();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("from before");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(EmbeddedDatabase.trusts(dataDir.resolve("postgres"))).isFalse();
    }

    @Test
    void lostCredentialsAreAClearStartUpFailure(@TempDir Path dataDir) throws Exception {
        run(dataDir, ctx -> { });
        Files.delete(dataDir.resolve("postgres.credentials"));
        runner(dataDir).run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable t = ctx.getStartupFailure();
            while (!(t instanceof com.leadignite.config.StartupFailure) && t.getCause() != null) {
                t = t.getCause();
            }
            assertThat(t).isInstanceOf(com.leadignite.config.StartupFailure.class)
                    .hasMessageContaining("postgres.credentials");
        });
    }

    private static String ownerPassword(Path dataDir) throws java.io.IOException {
        var p = new java.util.Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve("postgres.credentials"))) {
            p.load(in);
        }
        return p.getProperty("owner");
    }
}

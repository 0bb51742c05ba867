package com.leadignite.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One throw-away database per test JVM on the machine's PostgreSQL (127.0.0.1:5432, or
 * {@code TEST_PG_HOST}/{@code TEST_PG_PORT}), dropped when the JVM exits, so runs never see each
 * other's data.
 */
public final class TestDatabase {

    public static final String HOST = System.getenv().getOrDefault("TEST_PG_HOST", "127.0.0.1");
    public static final String PORT = System.getenv().getOrDefault("TEST_PG_PORT", "5432");
    public static final String OWNER = "postgres";
    public static final String NAME = "li_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    public static final String URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/" + NAME;

    private static boolean created;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (!created) {
            exec("create database " + NAME);
            created = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> exec("drop database if exists " + NAME + " with (force)")));
        }
        return URL;
    }

    /** A connection as the database owner (superuser), for tests that must look under the service. */
    public static Connection owner() throws SQLException {
        return DriverManager.getConnection(url(), OWNER, "");
    }

    /** A connection as the runtime role, exactly as the service's pool logs in. */
    public static Connection runtime() throws SQLException {
        return DriverManager.getConnection(url(), "leadignite_app", "");
    }

    private static void exec(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", OWNER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + e.getMessage(), e);
        }
    }
}

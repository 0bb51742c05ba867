package com.leadignite.db;

import com.leadignite.config.StartupFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a development run: loopback only, and every login needs a password
 * ({@code scram-sha-256} in {@code pg_hba.conf}, no {@code trust}), so another local process cannot read
 * password hashes or rewrite audit rows. Data directories of earlier versions (trust, no passwords) are
 * switched over once, on their first start with this version.
 */
final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    static final String SUPERUSER = "postgres";
    private static final Pattern TRUST = Pattern.compile("(?m)^(\\s*(?:local|host\\w*)\\s.*?)\\btrust\\s*$");

    private EmbeddedDatabase() {
    }

    /**
     * The running server and the passwords to log in with. Typed without the library's classes, which the
     * packaged jar does not carry (Spring introspects the configuration that holds this).
     */
    record Started(AutoCloseable server, int port, EmbeddedCredentials credentials) {
        String jdbcUrl() {
            // Built here: the library's own URL carries user=postgres, which would override the runtime role.
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }
    }

    static Started start(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(dir.getParent());
        boolean initialized = Files.exists(dir.resolve("postgresql.conf"));
        EmbeddedCredentials credentials = EmbeddedCredentials.loadOrCreate(dataDir.resolve("postgres.credentials"));
        if (initialized && trusts(dir)) {
            upgradeTrustingDirectory(dir, credentials);
        } else if (initialized && credentials.created()) {
            throw new StartupFailure("The embedded PostgreSQL in " + dir + " requires passwords, but "
                    + dataDir.resolve("postgres.credentials") + " (which held them) was missing",
                    "Restore that file from a backup of the data directory, or move " + dir
                            + " away to start with an empty embedded database.");
        }
        Path pwfile = credentials.ownerPasswordFile(dataDir);
        try {
            EmbeddedPostgres pg = builder(dir)
                    // used by initdb only, when the directory is new
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", pwfile.toString())
                    // the library's readiness probe logs in as the superuser
                    .setConnectConfig("password", credentials.owner())
                    .start();
            log.info("Embedded PostgreSQL {} on 127.0.0.1:{} (data in {}; passwords in {})",
                    initialized ? "started" : "initialized", pg.getPort(), dir, dataDir.resolve("postgres.credentials"));
            return new Started(pg, pg.getPort(), credentials);
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    /** Sets the runtime role's password (after the migrations created the role); cheap, so done on every start. */
    static void setAppPassword(Started db, String appUser) {
        alterPassword(db.jdbcUrl(), db.credentials().owner(), appUser, db.credentials().app());
    }

    private static EmbeddedPostgres.Builder builder(Path dir) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256");
    }

    static boolean trusts(Path dir) throws IOException {
        Path hba = dir.resolve("pg_hba.conf");
        return Files.exists(hba) && TRUST.matcher(Files.readString(hba, StandardCharsets.UTF_8)).find();
    }

    /**
     * A directory from before passwords: start it once as it was (trust), give the superuser its generated
     * password, stop, and replace every trust entry with scram-sha-256. The runtime role gets its password
     * after the migrations.
     */
    private static void upgradeTrustingDirectory(Path dir, EmbeddedCredentials credentials) throws IOException {
        try (EmbeddedPostgres legacy = builder(dir).start()) {
            alterPassword("jdbc:postgresql://127.0.0.1:" + legacy.getPort() + "/postgres", "", SUPERUSER, credentials.owner());
        }
        Path hba = dir.resolve("pg_hba.conf");
        String rewritten = TRUST.matcher(Files.readString(hba, StandardCharsets.UTF_8)).replaceAll("$1scram-sha-256");
        Path tmp = Files.createTempFile(dir, "pg_hba", ".tmp");
        EmbeddedCredentials.ownerOnly(tmp);
        Files.writeString(tmp, rewritten, StandardCharsets.UTF_8);
        Files.move(tmp, hba, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        log.warn("Embedded PostgreSQL in {} allowed logins without a password: switched to scram-sha-256 with the "
                + "generated passwords in {}", dir, dir.getParent().resolve("postgres.credentials"));
    }

    /** The driver computes the SCRAM verifier, so the clear password never reaches the server or its log. */
    private static void alterPassword(String url, String ownerPassword, String role, String password) {
        try (Connection c = DriverManager.getConnection(url, SUPERUSER, ownerPassword)) {
            c.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            throw new StartupFailure("The embedded PostgreSQL refused to set the password of role " + role
                    + " (SQL state " + e.getSQLState() + ")", List.of(),
                    "Check that the data directory belongs to this service and its credentials file is intact.");
        }
    }
}

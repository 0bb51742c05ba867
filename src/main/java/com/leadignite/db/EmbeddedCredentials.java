package com.leadignite.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Passwords of the embedded server's owner (superuser) and runtime role: generated once into the data
 * directory with owner-only permissions and reused on every start, so no role of the embedded server
 * logs in without a password.
 *
 * @param owner   the superuser {@code postgres}, which runs the migrations
 * @param app     the runtime role of the request pool
 * @param created whether this start generated them (an existing server cannot know them yet)
 */
record EmbeddedCredentials(String owner, String app, boolean created) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static EmbeddedCredentials loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                ownerOnly(file);
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                    p.load(in);
                }
                String owner = p.getProperty("owner", "");
                String app = p.getProperty("app", "");
                if (owner.isBlank() || app.isBlank()) {
                    throw new IllegalStateException("the embedded database credentials file " + file
                            + " is incomplete (needs owner= and app=)");
                }
                return new EmbeddedCredentials(owner, app, false);
            }
            Files.createDirectories(file.getParent());
            EmbeddedCredentials fresh = new EmbeddedCredentials(random(), random(), true);
            Path tmp = Files.createTempFile(file.getParent(), "postgres", ".tmp");
            ownerOnly(tmp);
            Files.writeString(tmp, "# Generated passwords of the embedded PostgreSQL (owner: postgres; app: the runtime role)\n"
                    + "owner=" + fresh.owner + "\napp=" + fresh.app + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** A one-line file with the owner's password for {@code initdb --pwfile}; the caller deletes it. */
    Path ownerPasswordFile(Path dir) throws IOException {
        Path tmp = Files.createTempFile(dir, "pwfile", ".tmp");
        ownerOnly(tmp);
        Files.writeString(tmp, owner + "\n", StandardCharsets.US_ASCII);
        return tmp;
    }

    private static String random() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }

    @Override
    public String toString() {
        return "EmbeddedCredentials[******]";
    }
}

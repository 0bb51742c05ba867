package com.leadignite.crypto;

import com.leadignite.config.AppProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Loads the master key from {@code LEADIGNITE_MASTER_KEY} or {@code LEADIGNITE_MASTER_KEY_FILE}. Without
 * either, outside the {@code prod} profile, a key is generated once into the data directory with
 * owner-only permissions; in {@code prod} the service refuses to start.
 */
@Configuration(proxyBeanMethods = false)
public class MasterKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyConfiguration.class);

    @Bean
    MasterKey masterKey(MasterKeyProperties props, AppProperties app, Environment env) {
        boolean prod = env.acceptsProfiles(Profiles.of("prod"));
        String encoded = null;
        if (props.masterKey() != null && !props.masterKey().isBlank()) {
            encoded = props.masterKey();
        } else if (props.masterKeyFile() != null && !props.masterKeyFile().isBlank()) {
            encoded = read(Path.of(props.masterKeyFile()));
        } else if (prod) {
            throw new IllegalStateException(
                    "LEADIGNITE_MASTER_KEY or LEADIGNITE_MASTER_KEY_FILE is required with the prod profile");
        } else {
            encoded = generatedKey(Path.of(app.dataDir(), "master.key"));
        }
        byte[] raw = decode(encoded);
        if (prod && weak(raw)) {
            throw new IllegalStateException("the master key is too weak for the prod profile (not random bytes)");
        }
        MasterKey key = new MasterKey(raw);
        Arrays.fill(raw, (byte) 0);
        log.info("Master key loaded (fingerprint {})", key.fingerprint());
        return key;
    }

    private static byte[] decode(String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key must be base64 of 32 bytes (it is not valid base64)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("the master key must be base64 of exactly 32 bytes (got " + raw.length + ")");
        }
        return raw;
    }

    /** Few distinct byte values means a typed or patterned key, not random output. */
    static boolean weak(byte[] raw) {
        return java.util.stream.IntStream.range(0, raw.length).map(i -> raw[i]).distinct().count() < 16;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("the master key file " + file + " cannot be read");
        }
    }

    private static String generatedKey(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(file.getParent());
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String encoded = Base64.getEncoder().encodeToString(raw);
            Path tmp = Files.createTempFile(file.getParent(), "master", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own permissions apply
            }
            Files.writeString(tmp, encoded, StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.warn("No LEADIGNITE_MASTER_KEY set: generated one into {} (owner-only). Back it up; set it "
                    + "explicitly in production, where the prod profile requires it.", file.toAbsolutePath());
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the master key file " + file, e);
        }
    }

}

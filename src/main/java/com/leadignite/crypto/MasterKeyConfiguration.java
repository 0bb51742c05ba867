package com.leadignite.crypto;

import com.leadignite.config.AppProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Base64;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.leadignite.config.StartupFailure;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Loads the master key from {@code LEADIGNITE_MASTER_KEY} or {@code LEADIGNITE_MASTER_KEY_FILE}. Without
 * either, outside the {@code prod} profile, a key is generated once into the data directory with
 * owner-only permissions; in {@code prod} the service refuses to start. Retired keys from
 * {@code LEADIGNITE_MASTER_KEY_PREVIOUS} (or {@code _FILE}) join the ring for opening old values only.
 */
@Configuration(proxyBeanMethods = false)
public class MasterKeyConfiguration {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Logger log = LoggerFactory.getLogger(MasterKeyConfiguration.class);

    @Bean
    MasterKey masterKey(MasterKeyProperties props, AppProperties app, Environment env,
                        ObjectProvider<SealedValueStore> stores) {
        return load(props, app, env, () -> stores.orderedStream().toList());
    }

    MasterKey masterKey(MasterKeyProperties props, AppProperties app, Environment env) {
        return load(props, app, env, List::of);
    }

    /** {@code stores} is asked only when a key would be generated: is anything sealed already? */
    MasterKey load(MasterKeyProperties props, AppProperties app, Environment env, Supplier<List<SealedValueStore>> stores) {
        boolean prod = env.acceptsProfiles(Profiles.of("prod"));
        String encoded = null;
        if (props.masterKey() != null && !props.masterKey().isBlank()) {
            encoded = props.masterKey();
        } else if (props.masterKeyFile() != null && !props.masterKeyFile().isBlank()) {
            encoded = read(Path.of(props.masterKeyFile()));
        } else if (prod) {
            throw new StartupFailure("LEADIGNITE_MASTER_KEY or LEADIGNITE_MASTER_KEY_FILE is required with the prod profile",
                    "Generate one (openssl rand -base64 32), keep it in your secret store and set it on every instance.");
        } else {
            encoded = generatedKey(Path.of(app.dataDir(), "master.key"), stores, env);
        }
        byte[] raw = decode(encoded, "the master key");
        if (prod && weak(raw)) {
            throw new IllegalStateException("the master key is too weak for the prod profile (not random bytes)");
        }
        List<byte[]> previous = previousKeys(props, prod);
        MasterKey key;
        try {
            key = new MasterKey(raw, previous);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("LEADIGNITE_MASTER_KEY_PREVIOUS: " + e.getMessage());
        } finally {
            Arrays.fill(raw, (byte) 0);
            previous.forEach(p -> Arrays.fill(p, (byte) 0));
        }
        List<String> fingerprints = key.fingerprints();
        if (fingerprints.size() > 1) {
            log.info("Master key loaded (fingerprint {}; previous keys, for opening only: {})", key.fingerprint(),
                    String.join(", ", fingerprints.subList(1, fingerprints.size())));
        } else {
            log.info("Master key loaded (fingerprint {})", key.fingerprint());
        }
        return key;
    }

    /** Retired keys from {@code LEADIGNITE_MASTER_KEY_PREVIOUS} and/or {@code _FILE}: commas or line breaks separate them. */
    private static List<byte[]> previousKeys(MasterKeyProperties props, boolean prod) {
        List<String> entries = new ArrayList<>();
        split(props.masterKeyPrevious(), entries);
        if (props.masterKeyPreviousFile() != null && !props.masterKeyPreviousFile().isBlank()) {
            split(read(Path.of(props.masterKeyPreviousFile())), entries);
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = "LEADIGNITE_MASTER_KEY_PREVIOUS entry " + (i + 1);
            byte[] raw = decode(entries.get(i), name);
            if (prod && weak(raw)) {
                throw new IllegalStateException(name + " is too weak for the prod profile (not random bytes)");
            }
            out.add(raw);
        }
        return out;
    }

    private static void split(String list, List<String> into) {
        if (list == null) {
            return;
        }
        for (String part : list.split("[,\\s]+")) {
            if (!part.isBlank()) {
                into.add(part.trim());
            }
        }
    }

    private static byte[] decode(String encoded, String name) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be base64 of 32 bytes (it is not valid base64)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(name + " must be base64 of exactly 32 bytes (got " + raw.length + ")");
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

    private static String generatedKey(Path file, Supplier<List<SealedValueStore>> stores, Environment env) {
        boolean external = !env.getProperty("leadignite.database.url", "").isBlank();
        try {
            if (Files.exists(file)) {
                if (external) {
                    log.warn("No LEADIGNITE_MASTER_KEY set: using {} with an external DATABASE_URL. Every instance on "
                            + "this database needs this same key: set LEADIGNITE_MASTER_KEY on all of them.", file.toAbsolutePath());
                }
                return read(file);
            }
            // A new key could open none of the stored values, and would then seal new ones no other key opens.
            List<String> sealed = stores.get().stream().filter(s -> !s.keyIdsInUse().isEmpty())
                    .map(SealedValueStore::description).toList();
            if (!sealed.isEmpty()) {
                throw new StartupFailure("No master key is configured and " + file.toAbsolutePath() + " does not exist, but the "
                        + "database already holds values sealed with a master key (" + String.join(", ", sealed)
                        + "); a new key would not open them, so none is generated",
                        "Restore the master key file from its backup, or set LEADIGNITE_MASTER_KEY (or _FILE) to the key "
                                + "the other instances of this database use.");
            }
            Files.createDirectories(file.getParent());
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
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
            if (external) {
                log.warn("The generated master key is local to this instance while DATABASE_URL is shared: other instances "
                        + "on this database need LEADIGNITE_MASTER_KEY set to this same key.");
            }
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the master key file " + file, e);
        }
    }

}

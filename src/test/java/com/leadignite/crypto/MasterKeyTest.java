package com.leadignite.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.config.AppProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class MasterKeyTest {

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Test
    void sealsAndOpensWithTheSameAssociatedData() {
        MasterKey key = new MasterKey(random32());
        byte[] sealed = key.encrypt("secret".getBytes(StandardCharsets.UTF_8), "org-a".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
        assertThat(key.decrypt(sealed, "org-a".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("secret");
    }

    @Test
    void aCiphertextMovedToAnotherOwnerDoesNotOpen() {
        MasterKey key = new MasterKey(random32());
        byte[] sealed = key.encrypt("secret".getBytes(StandardCharsets.UTF_8), "org-a".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> key.decrypt(sealed, "org-b".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        MasterKey key = new MasterKey(random32());
        byte[] sealed = key.encrypt("secret".getBytes(StandardCharsets.UTF_8), null);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> key.decrypt(sealed, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherMasterKeyIsRecognisedAndRefused() {
        byte[] sealed = new MasterKey(random32()).encrypt(new byte[] {1, 2, 3}, null);
        assertThatThrownBy(() -> new MasterKey(random32()).decrypt(sealed, null))
                .hasMessageContaining("another master key");
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        MasterKey key = new MasterKey(random32());
        byte[] a = key.encrypt(new byte[] {7}, null);
        byte[] b = key.encrypt(new byte[] {7}, null);
        assertThat(Arrays.equals(a, b)).isFalse();
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOwnerOnlyAndReused(@TempDir Path dir) throws Exception {
        var config = new MasterKeyConfiguration();
        var app = new AppProperties("http://localhost:8080", dir.toString());
        MasterKey first = config.masterKey(new MasterKeyProperties(null, null), app, new MockEnvironment());
        Path file = dir.resolve("master.key");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        MasterKey second = config.masterKey(new MasterKeyProperties(null, null), app, new MockEnvironment());
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    /** Deleting master.key while sealed values exist must not mint a new key that opens none of them. */
    @Test
    void noKeyIsGeneratedWhenSealedValuesAlreadyExist(@TempDir Path dir) {
        var app = new AppProperties("http://localhost:8080", dir.toString());
        SealedValueStore sealed = new SealedValueStore() {
            public String description() {
                return "signing keys";
            }

            public java.util.Set<String> keyIdsInUse() {
                return java.util.Set.of("mk-0123abcd");
            }

            public int resealAll(MasterKey keys) {
                return 0;
            }
        };
        assertThatThrownBy(() -> new MasterKeyConfiguration().load(new MasterKeyProperties(null, null), app,
                new MockEnvironment(), () -> java.util.List.of(sealed)))
                .isInstanceOf(com.leadignite.config.StartupFailure.class)
                .hasMessageContaining("signing keys")
                .hasMessageContaining("none is generated");
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void prodRefusesToStartWithoutAnExplicitKey(@TempDir Path dir) {
        var env = new MockEnvironment();
        env.setActiveProfiles("prod");
        assertThatThrownBy(() -> new MasterKeyConfiguration().masterKey(new MasterKeyProperties(null, null),
                new AppProperties("https://api.example.com", dir.toString()), env))
                .hasMessageContaining("LEADIGNITE_MASTER_KEY");
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void prodRefusesAWeakKey(@TempDir Path dir) {
        var env = new MockEnvironment();
        env.setActiveProfiles("prod");
        String weak = Base64.getEncoder().encodeToString("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new MasterKeyConfiguration().masterKey(new MasterKeyProperties(weak, null),
                new AppProperties("https://api.example.com", dir.toString()), env))
                .hasMessageContaining("too weak");
    }

    @Test
    void aKeyOfTheWrongSizeOrEncodingFailsWithAClearMessage(@TempDir Path dir) {
        var app = new AppProperties("http://localhost:8080", dir.toString());
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new MasterKeyConfiguration().masterKey(new MasterKeyProperties(shortKey, null), app,
                new MockEnvironment())).hasMessageContaining("exactly 32 bytes");
        assertThatThrownBy(() -> new MasterKeyConfiguration().masterKey(new MasterKeyProperties("not base64!", null), app,
                new MockEnvironment())).hasMessageContaining("not valid base64")
                .message().doesNotContain("not base64!");
    }

    @Test
    void theKeyFileVariantIsRead(@TempDir Path dir) throws Exception {
        byte[] raw = random32();
        Path file = dir.resolve("key.b64");
        Files.writeString(file, Base64.getEncoder().encodeToString(raw) + "\n");
        MasterKey key = new MasterKeyConfiguration().masterKey(new MasterKeyProperties(null, file.toString()),
                new AppProperties("http://localhost:8080", dir.toString()), new MockEnvironment());
        assertThat(key.fingerprint()).isEqualTo(new MasterKey(raw).fingerprint());
    }

    @Test
    void toStringNeverShowsTheKey() {
        byte[] raw = random32();
        String b64 = Base64.getEncoder().encodeToString(raw);
        assertThat(new MasterKey(raw).toString()).doesNotContain(b64);
        assertThat(new MasterKeyProperties(b64, null).toString()).doesNotContain(b64);
    }
}

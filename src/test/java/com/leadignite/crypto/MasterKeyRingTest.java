package com.leadignite.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.config.AppProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The master key as a ring: current key seals, previous keys only open; the header's key id picks the key. */
class MasterKeyRingTest {

    private static final byte[] AAD = "owner-1".getBytes(StandardCharsets.UTF_8);

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String b64(byte[] raw) {
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void aValueSealedWithThePreviousKeyOpensWithTheRing() {
        byte[] a = random32();
        byte[] b = random32();
        byte[] sealedWithA = new MasterKey(a).encrypt("credential".getBytes(StandardCharsets.UTF_8), AAD);
        MasterKey ring = new MasterKey(b, List.of(a));
        assertThat(ring.decrypt(sealedWithA, AAD)).asString().isEqualTo("credential");
        // ... and still only with its own associated data
        assertThatThrownBy(() -> ring.decrypt(sealedWithA, "owner-2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRingSealsWithTheCurrentKeyOnly() {
        byte[] a = random32();
        byte[] b = random32();
        MasterKey ring = new MasterKey(b, List.of(a));
        byte[] sealed = ring.encrypt("credential".getBytes(StandardCharsets.UTF_8), AAD);
        assertThat(HexFormat.of().formatHex(sealed, 1, 5)).isEqualTo(new MasterKey(b).fingerprint());
        assertThat(ring.isCurrent(sealed)).isTrue();
        assertThat(new MasterKey(b).decrypt(sealed, AAD)).asString().isEqualTo("credential");
        assertThatThrownBy(() -> new MasterKey(a).decrypt(sealed, AAD)).hasMessageContaining("another master key");
        assertThat(ring.fingerprint()).isEqualTo(new MasterKey(b).fingerprint());
        assertThat(ring.fingerprints()).containsExactly(new MasterKey(b).fingerprint(), new MasterKey(a).fingerprint());
    }

    @Test
    void aValueOfAnUnknownKeyIsRefusedNamingOnlyItsKeyId() {
        byte[] unknown = random32();
        byte[] sealed = new MasterKey(unknown).encrypt(new byte[] {1, 2, 3}, AAD);
        MasterKey ring = new MasterKey(random32(), List.of(random32()));
        assertThatThrownBy(() -> ring.decrypt(sealed, AAD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another master key")
                .hasMessageContaining(new MasterKey(unknown).fingerprint())
                .message().doesNotContain(b64(unknown));
        assertThatThrownBy(() -> ring.reseal(sealed, AAD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resealMovesAValueOntoTheCurrentKeyAndLeavesCurrentOnesAlone() {
        byte[] a = random32();
        byte[] b = random32();
        byte[] sealedWithA = new MasterKey(a).encrypt("credential".getBytes(StandardCharsets.UTF_8), AAD);
        MasterKey ring = new MasterKey(b, List.of(a));
        byte[] resealed = ring.reseal(sealedWithA, AAD);
        assertThat(resealed).isNotEqualTo(sealedWithA);
        assertThat(new MasterKey(b).decrypt(resealed, AAD)).asString().isEqualTo("credential");
        assertThat(ring.reseal(resealed, AAD)).isSameAs(resealed);
        // A damaged value under the current key is still refused, not passed through.
        byte[] damaged = resealed.clone();
        damaged[damaged.length - 1] ^= 1;
        assertThatThrownBy(() -> ring.reseal(damaged, AAD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCurrentKeyListedAsPreviousIsHarmless() {
        byte[] b = random32();
        MasterKey ring = new MasterKey(b, List.of(b.clone()));
        assertThat(ring.fingerprints()).containsExactly(new MasterKey(b).fingerprint());
    }

    @Test
    void previousKeysComeFromTheListAndTheFile(@TempDir Path dir) throws Exception {
        byte[] current = random32();
        byte[] p1 = random32();
        byte[] p2 = random32();
        byte[] p3 = random32();
        Path file = dir.resolve("previous.keys");
        Files.writeString(file, b64(p3) + "\n");
        MasterKey ring = new MasterKeyConfiguration().masterKey(
                new MasterKeyProperties(b64(current), null, b64(p1) + ", " + b64(p2), file.toString()),
                new AppProperties("http://localhost:8080", dir.toString()), new MockEnvironment());
        assertThat(ring.fingerprint()).isEqualTo(new MasterKey(current).fingerprint());
        assertThat(Set.copyOf(ring.fingerprints())).isEqualTo(Set.of(new MasterKey(current).fingerprint(),
                new MasterKey(p1).fingerprint(), new MasterKey(p2).fingerprint(), new MasterKey(p3).fingerprint()));
        byte[] sealedWithP2 = new MasterKey(p2).encrypt(new byte[] {9}, AAD);
        assertThat(ring.decrypt(sealedWithP2, AAD)).containsExactly(9);
    }

    @Test
    void aBadPreviousKeyStopsStartUpNamingTheSettingButNotTheValue(@TempDir Path dir) {
        var app = new AppProperties("http://localhost:8080", dir.toString());
        String good = b64(random32());
        String shortKey = b64(new byte[16]);
        assertThatThrownBy(() -> new MasterKeyConfiguration().masterKey(
                new MasterKeyProperties(b64(random32()), null, good + "," + shortKey, null), app, new MockEnvironment()))
                .hasMessageContaining("LEADIGNITE_MASTER_KEY_PREVIOUS entry 2")
                .hasMessageContaining("exactly 32 bytes")
                .message().doesNotContain(good);
        assertThatThrownBy(() -> new MasterKeyConfiguration().masterKey(
                new MasterKeyProperties(b64(random32()), null, "not base64!", null), app, new MockEnvironment()))
                .hasMessageContaining("LEADIGNITE_MASTER_KEY_PREVIOUS entry 1")
                .message().doesNotContain("not base64!");
    }

    @Test
    void prodRefusesAWeakPreviousKey(@TempDir Path dir) {
        var env = new MockEnvironment();
        env.setActiveProfiles("prod");
        String weak = b64("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new MasterKeyConfiguration().masterKey(
                new MasterKeyProperties(b64(random32()), null, weak, null),
                new AppProperties("https://api.example.com", dir.toString()), env))
                .hasMessageContaining("LEADIGNITE_MASTER_KEY_PREVIOUS")
                .hasMessageContaining("too weak");
    }

    @Test
    void previousKeysAreNeverShown() {
        String previous = b64(random32());
        assertThat(new MasterKeyProperties(null, null, previous, null).toString()).doesNotContain(previous);
        assertThat(new MasterKey(random32(), List.of(Base64.getDecoder().decode(previous))).toString()).doesNotContain(previous);
    }

    @Test
    void startUpCheckRefusesValuesSealedWithAnUnconfiguredKey() {
        MasterKey old = new MasterKey(random32());
        MasterKey current = new MasterKey(random32());
        SealedValueStore store = store("webhook endpoint secrets", Set.of(old.fingerprint(), current.fingerprint()));
        assertThatThrownBy(() -> SealedValueCheck.check(current, List.of(store)))
                .hasMessageContaining("webhook endpoint secrets")
                .hasMessageContaining(old.fingerprint())
                .hasMessageContaining("set LEADIGNITE_MASTER_KEY_PREVIOUS to the old key");
    }

    @Test
    void startUpCheckAcceptsValuesOfAnyKeyOfTheRing() {
        byte[] a = random32();
        byte[] b = random32();
        MasterKey ring = new MasterKey(b, List.of(a));
        List<SealedValueStore> stores = new ArrayList<>();
        stores.add(store("JWT signing keys", Set.of(new MasterKey(a).fingerprint(), ring.fingerprint())));
        stores.add(store("webhook endpoint secrets", Set.of()));
        SealedValueCheck.check(ring, stores); // no exception
    }

    private static SealedValueStore store(String description, Set<String> ids) {
        return new SealedValueStore() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public Set<String> keyIdsInUse() {
                return ids;
            }

            @Override
            public int resealAll(MasterKey keys) {
                throw new UnsupportedOperationException();
            }
        };
    }
}

package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Generated request ids: random version 4 UUIDs, distinct across threads; safe incoming ids are echoed. */
class RequestIdsTest {

    @Test
    void generatedIdsAreRandomVersion4UuidsDistinctAcrossThreads() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<?>[] all = new Future<?>[8];
            for (int t = 0; t < all.length; t++) {
                all[t] = pool.submit(() -> {
                    for (int i = 0; i < 5000; i++) {
                        ids.add(RequestIds.acceptOrGenerate(null));
                    }
                });
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(40_000);
        for (String id : ids) {
            UUID u = UUID.fromString(id);
            assertThat(u.version()).isEqualTo(4);
            assertThat(u.variant()).isEqualTo(2);
            assertThat(u.toString()).isEqualTo(id);
        }
        // Every one of the 122 random bits varies (a constant bit would show in 40 000 ids).
        long orHi = 0;
        long andHi = -1;
        long orLo = 0;
        long andLo = -1;
        for (String id : ids) {
            UUID u = UUID.fromString(id);
            orHi |= u.getMostSignificantBits();
            andHi &= u.getMostSignificantBits();
            orLo |= u.getLeastSignificantBits();
            andLo &= u.getLeastSignificantBits();
        }
        assertThat(orHi & ~andHi).isEqualTo(~0xF000L);
        assertThat(orLo & ~andLo).isEqualTo(~(0xC000_0000_0000_0000L));
    }

    @Test
    void safeIncomingIdsAreEchoedOthersReplaced() {
        assertThat(RequestIds.acceptOrGenerate("abc-123_X.y")).isEqualTo("abc-123_X.y");
        for (String bad : new String[] {"", "a b", "a\nb", "x".repeat(65), "id\u0000", "\uD800", "<script>"}) {
            String id = RequestIds.acceptOrGenerate(bad);
            assertThat(id).isNotEqualTo(bad);
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
        }
    }
}

package com.leadignite.crypto;

import java.util.Set;

/**
 * A feature's stored values sealed with the master key. Each feature knows its own tables and
 * associated data, so it re-seals its own values; this package never learns where they live.
 * Implementations are Spring beans; the master-key rotation and the start-up check find them all.
 */
public interface SealedValueStore {

    /** What the values are, for messages and the rotation result (for example {@code webhook endpoint secrets}). */
    String description();

    /** Fingerprints (key ids) of the master keys the stored values are currently sealed with. */
    Set<String> keyIdsInUse();

    /**
     * Re-seals every stored value not yet sealed with the current key of {@code keys}, opening each with
     * whichever key of the ring sealed it, in one transaction (all or none of this store's values).
     * Values already under the current key are still opened, so a damaged one fails the whole call.
     *
     * @return how many values were rewritten
     * @throws IllegalStateException when a value cannot be opened with any key of the ring
     */
    int resealAll(MasterKey keys);
}

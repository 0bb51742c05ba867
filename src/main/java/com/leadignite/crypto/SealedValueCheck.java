package com.leadignite.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import com.leadignite.config.StartupFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Start-up check: every stored sealed value must name a key of the configured ring, otherwise the
 * service refuses to start (it could not open those values later). It reads only the key ids in the
 * ciphertext headers, so it is cheap. Also tells the operator when previous keys no longer seal
 * anything and can be removed from the configuration.
 */
@Component
public class SealedValueCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SealedValueCheck.class);

    private final MasterKey keys;
    private final List<SealedValueStore> stores;

    public SealedValueCheck(MasterKey keys, List<SealedValueStore> stores) {
        this.keys = keys;
        this.stores = stores;
    }

    @Override
    public void afterSingletonsInstantiated() {
        check(keys, stores);
    }

    static void check(MasterKey keys, List<SealedValueStore> stores) {
        Set<String> used = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (SealedValueStore store : stores) {
            Set<String> ids = store.keyIdsInUse();
            used.addAll(ids);
            Set<String> unknown = new TreeSet<>(ids);
            unknown.removeIf(keys::has);
            if (!unknown.isEmpty()) {
                problems.add(store.description() + " are sealed with master key " + String.join(", ", unknown));
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupFailure("Stored values cannot be opened with the configured master keys (configured: "
                    + String.join(", ", keys.fingerprints()) + ")", problems,
                    "If the master key was changed, set LEADIGNITE_MASTER_KEY_PREVIOUS to the old key; if this instance "
                            + "shares its database with others, give it their LEADIGNITE_MASTER_KEY.");
        }
        List<String> unused = keys.fingerprints().subList(1, keys.fingerprints().size()).stream()
                .filter(id -> !used.contains(id)).toList();
        if (!unused.isEmpty()) {
            log.info("Previous master key(s) {} seal no stored value: they can be removed from LEADIGNITE_MASTER_KEY_PREVIOUS",
                    String.join(", ", unused));
        }
        boolean old = used.stream().anyMatch(id -> !id.equals(keys.fingerprint()));
        if (old) {
            log.warn("Some stored values are still sealed with a previous master key: finish the rotation "
                    + "(POST /api/v1/admin/keys/rotate with kind \"encryption\") before removing it");
        }
    }
}

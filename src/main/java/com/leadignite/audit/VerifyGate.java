package com.leadignite.audit;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * Admits chain verifications: one per org at a time and at most {@code verify-max-concurrent} in the
 * whole instance, since each holds a pooled connection for its whole run. Never waits: a caller over
 * either cap is refused at once (429), before any connection is taken.
 */
@Component
public class VerifyGate {

    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Semaphore global;

    VerifyGate(AuditProperties props) {
        this.global = new Semaphore(props.verifyMaxConcurrent());
    }

    /** A slot to release when the verification is over; throws {@link AuditVerifyBusyException} when none is free. */
    Slot enter(UUID orgId) {
        if (!running.add(orgId)) {
            throw new AuditVerifyBusyException();
        }
        if (!global.tryAcquire()) {
            running.remove(orgId);
            throw new AuditVerifyBusyException();
        }
        return () -> {
            global.release();
            running.remove(orgId);
        };
    }

    interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}

package com.leadignite.security.resources;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Bounds how many password hashes run at once. Argon2id is slow and memory-hard on purpose; without a
 * bound, a sign-in flood would take every CPU and request thread and starve all other endpoints.
 * Excess waits at most {@code password-hashing-wait}, then gets {@link CapacityExceededException}
 * (503 {@code temporary-reduced-capacity}, or 429 {@code over_request_rate_limit} under /auth/v1).
 * Sign-in, sign-up, reauthenticate and password change wrap their hash and verify calls in {@link #run}.
 */
@Component
public class PasswordHashingBulkhead {

    private final Bulkhead bulkhead;

    public PasswordHashingBulkhead(ResourceLimitProperties props, MeterRegistry meters) {
        this.bulkhead = new Bulkhead(props.effectivePasswordHashingPermits(), props.passwordHashingWait(),
                Counter.builder("leadignite.password_hashing.rejected")
                        .description("Password hashing refused because the bulkhead was full").register(meters),
                CapacityExceededException::new);
        Gauge.builder("leadignite.password_hashing.in_use", bulkhead, Bulkhead::inUse)
                .description("Password hashes running now").register(meters);
    }

    public <T> T run(Supplier<T> work) {
        return bulkhead.run(work);
    }

    public int permits() {
        return bulkhead.size();
    }
}

package com.leadignite.integrations.outbound;

import com.leadignite.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Why a provider call did not give a usable answer ({@link Unavailable} carries its {@code Retry-After}). Each case is a problem response of its own; the
 * detail is generic (no provider text, URL or credential ever reaches a client).
 */
public abstract sealed class ProviderFailure extends ApiException
        permits ProviderFailure.Unavailable, ProviderFailure.CredentialRejected, ProviderFailure.BadAnswer,
        ProviderFailure.Refused {

    private final String reason;

    private ProviderFailure(HttpStatus status, String type, String detail, String reason) {
        super(status, type, detail);
        this.reason = reason;
    }

    /** A short word for audit rows and logs: {@code timeout}, {@code circuit_open}, {@code status_502}... */
    public String reason() {
        return reason;
    }

    /** Down, slow, overloaded or its breaker open: 503, try again later. */
    public static final class Unavailable extends ProviderFailure {
        private final long retryAfterSeconds;

        public Unavailable(String reason, long retryAfterSeconds) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "provider-unavailable",
                    "The provider is not answering right now. Try again later.", reason);
            this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
            retryAfter(this.retryAfterSeconds);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** 401/403 from the provider: the stored credential no longer works (the integration is marked revoked). */
    public static final class CredentialRejected extends ProviderFailure {
        public CredentialRejected(String reason) {
            super(HttpStatus.CONFLICT, "integration-revoked",
                    "The provider refused the stored credential. Connect the integration again.", reason);
        }
    }

    /** An answer we cannot use (not JSON, wrong shape, too large, a redirect): never stored, 502. */
    public static final class BadAnswer extends ProviderFailure {
        public BadAnswer(String reason) {
            super(HttpStatus.BAD_GATEWAY, "provider-bad-answer", "The provider sent an answer that could not be used.", reason);
        }
    }

    /** Any other 4xx: the provider refused this request (for instance an unknown assistant id there). */
    public static final class Refused extends ProviderFailure {
        private final int providerStatus;

        public Refused(int providerStatus) {
            super(HttpStatus.BAD_GATEWAY, "provider-refused", "The provider refused the request.", "status_" + providerStatus);
            this.providerStatus = providerStatus;
        }

        public int providerStatus() {
            return providerStatus;
        }
    }
}

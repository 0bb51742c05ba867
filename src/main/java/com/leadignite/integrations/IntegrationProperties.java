package com.leadignite.integrations;

import com.leadignite.config.logging.Redacted;
import com.leadignite.config.validation.DataSizeMax;
import com.leadignite.config.validation.DataSizeMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Outbound calls to the providers (OWASP API7/API10). Base URLs are checked at start-up by
 * {@code outbound.ProviderBaseUrls} (https; plain http only to loopback outside {@code prod}).
 *
 * @param vapiApiBaseUrl       {@code VAPI_API_BASE_URL}
 * @param elevenlabsApiBaseUrl {@code ELEVENLABS_API_BASE_URL}
 * @param connectTimeout       TCP and TLS connect
 * @param readTimeout          one attempt, from sending the request to the last byte of the answer
 * @param maxResponseBytes     a larger answer is cut off and treated as a bad answer (502)
 * @param retryBudget          all attempts of one call, back-off included; a retry that would not fit is not made
 * @param maxAttempts          attempts of one call (429 and 5xx are retried)
 * @param breakerFailureRate   percentage of failed calls (5xx, timeouts, connection errors) that opens a provider's breaker
 * @param breakerMinimumCalls  calls seen before the rate counts (also the sliding window size)
 * @param breakerOpenFor       how long an open breaker refuses calls before letting one through
 * @param oauthStateTtl        how long a started OAuth authorization may come back
 * @param tokenRefreshSkew     an OAuth access token this close to its expiry is refreshed before use
 * @param importMaxPages       pages of contacts one import reads at most
 * @param vapiPhoneNumberId    {@code VAPI_PHONE_NUMBER_ID}: the Vapi phone number dials call from
 *                             ({@code phoneNumberId} of Vapi's create-call body); none: dialing answers 409
 * @param outboundConcurrency  calls to one provider in flight at once (a bulkhead per provider)
 * @param outboundQueueWait    how long a call waits for a free place before it is refused with 503
 */
@Validated
@ConfigurationProperties("leadignite.integrations")
public record IntegrationProperties(
        @NotBlank String vapiApiBaseUrl,
        @NotBlank String elevenlabsApiBaseUrl,
        @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 60) @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 120) @DefaultValue("10s") Duration readTimeout,
        @NotNull @DataSizeMin("1KB") @DataSizeMax("16MB") @DefaultValue("1MB") DataSize maxResponseBytes,
        @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 300) @DefaultValue("20s") Duration retryBudget,
        @Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
        @Min(1) @Max(100) @DefaultValue("50") int breakerFailureRate,
        @Min(1) @Max(1000) @DefaultValue("10") int breakerMinimumCalls,
        @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 60) @DefaultValue("30s") Duration breakerOpenFor,
        @NotNull @DurationMin(minutes = 1) @DurationMax(minutes = 60) @DefaultValue("10m") Duration oauthStateTtl,
        @NotNull @DurationMin(seconds = 0) @DurationMax(minutes = 30) @DefaultValue("2m") Duration tokenRefreshSkew,
        @Min(1) @Max(10000) @DefaultValue("100") int importMaxPages,
        @Pattern(regexp = "[A-Za-z0-9_-]{1,200}", message = "must be a Vapi phone number id") String vapiPhoneNumberId,
        @Min(1) @Max(1000) @DefaultValue("16") int outboundConcurrency,
        @NotNull @DurationMin(millis = 0) @DurationMax(seconds = 10) @DefaultValue("250ms") Duration outboundQueueWait) {

    public IntegrationProperties {
        vapiPhoneNumberId = vapiPhoneNumberId == null || vapiPhoneNumberId.isBlank() ? null : vapiPhoneNumberId.strip();
    }

    @Override
    public String toString() {
        return "IntegrationProperties[vapiApiBaseUrl=" + Redacted.url(vapiApiBaseUrl) + ", elevenlabsApiBaseUrl="
                + Redacted.url(elevenlabsApiBaseUrl) + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", maxResponseBytes=" + maxResponseBytes + ", retryBudget=" + retryBudget
                + ", maxAttempts=" + maxAttempts + ", breakerFailureRate=" + breakerFailureRate
                + ", breakerMinimumCalls=" + breakerMinimumCalls + ", breakerOpenFor=" + breakerOpenFor
                + ", oauthStateTtl=" + oauthStateTtl + ", tokenRefreshSkew=" + tokenRefreshSkew
                + ", importMaxPages=" + importMaxPages + ", vapiPhoneNumberId=" + vapiPhoneNumberId
                + ", outboundConcurrency=" + outboundConcurrency + ", outboundQueueWait=" + outboundQueueWait + "]";
    }
}

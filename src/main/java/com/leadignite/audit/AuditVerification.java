package com.leadignite.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * Result of re-computing an org's hash chain: {@code {"valid":true,"checked":N}} or
 * {@code {"valid":false,"checked":N,"first_broken_id":"..."}}. {@code checked} is the number of rows
 * examined (all of the org's rows). {@code reason} says how the chain broke: {@code hash_mismatch} (the
 * row's content no longer matches its hash), {@code link_mismatch} (the row does not follow the row
 * before it: a row was removed or re-hashed) or {@code tail_missing} (rows after the named one were
 * removed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditVerification(boolean valid, long checked, UUID firstBrokenId, String reason) {
}

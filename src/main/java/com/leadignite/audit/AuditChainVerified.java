package com.leadignite.audit;

import java.util.UUID;

/** Published (a Spring application event) after each verification of an org's audit chain. */
public record AuditChainVerified(UUID orgId, AuditVerification result) {
}

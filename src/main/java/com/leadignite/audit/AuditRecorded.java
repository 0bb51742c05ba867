package com.leadignite.audit;

/**
 * Published (a Spring application event) for every audit event as it is recorded, before repeats of an
 * outsider's rejection are merged into one row, so listeners (alert rules, security metrics) see each
 * occurrence. {@code clientIp} is the request's client address, if any. Listeners must not block: they
 * run on the recording thread, often a request thread.
 */
public record AuditRecorded(AuditEvent event, String clientIp) {
}

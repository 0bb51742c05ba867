package com.leadignite.alerts;

import java.time.Duration;

/**
 * The alert rules of API.md §6. Each counts its signals per subject over a sliding window and opens an
 * alert when the count reaches the threshold ({@code leadignite.alerts.<setting>.threshold|window}; the
 * defaults here). Org rules raise the alert in the org the signal concerns; deployment rules (keyed by
 * client address, or the whole service) raise it without an org: only the operator org's admins see those.
 */
public enum AlertRule {

    /** Failed password sign-ins of one known account (the brute-force lockout starts at 10). */
    SIGN_IN_FAILURES_ACCOUNT("sign_in_failures_account", Severity.warning, Scope.ORG, 10, Duration.ofMinutes(15)),
    /** Failed password sign-ins from one client address, whatever the account (credential stuffing). */
    SIGN_IN_FAILURES_IP("sign_in_failures_ip", Severity.warning, Scope.DEPLOYMENT, 30, Duration.ofMinutes(15)),
    /** 401 and 403 answers to one client address. */
    AUTH_DENIALS_IP("auth_denials_ip", Severity.warning, Scope.DEPLOYMENT, 50, Duration.ofMinutes(1)),
    /** Audited access denials (403, and 404 of an id lookup) of one signed-in user. */
    ACCESS_DENIED_USER("access_denied_user", Severity.warning, Scope.ORG, 20, Duration.ofMinutes(5)),
    /** Lookups of this org's records by ids, made from another org. */
    CROSS_ORG_PROBES("cross_org_probes", Severity.critical, Scope.ORG, 3, Duration.ofMinutes(10)),
    /** 429 answers of a rate limit: per client address and route group, or per user of an org. */
    RATE_LIMITED("rate_limited", Severity.info, Scope.BOTH, 100, Duration.ofMinutes(5)),
    /** Webhook deliveries that failed verification (signature, timestamp, replay) per endpoint, or to unknown endpoints per address. */
    WEBHOOK_SIGNATURE_FAILURES("webhook_signature_failures", Severity.warning, Scope.BOTH, 10, Duration.ofMinutes(5)),
    /** A rotated refresh token presented again: the session was revoked. */
    REFRESH_TOKEN_REUSE("refresh_token_reuse", Severity.critical, Scope.ORG, 1, Duration.ofHours(1)),
    /** A verification of the org's audit chain found it broken. */
    AUDIT_CHAIN_BREAK("audit_chain_break", Severity.critical, Scope.ORG, 1, Duration.ofHours(1)),
    /** 5xx answers of the whole service. */
    SERVER_ERRORS("server_errors", Severity.critical, Scope.DEPLOYMENT, 10, Duration.ofMinutes(1));

    public enum Severity {
        info, warning, critical
    }

    /** Where a rule's alerts are raised. */
    enum Scope {
        ORG, DEPLOYMENT, BOTH
    }

    private final String id;
    private final Severity severity;
    private final Scope scope;
    private final int defaultThreshold;
    private final Duration defaultWindow;

    AlertRule(String id, Severity severity, Scope scope, int defaultThreshold, Duration defaultWindow) {
        this.id = id;
        this.severity = severity;
        this.scope = scope;
        this.defaultThreshold = defaultThreshold;
        this.defaultWindow = defaultWindow;
    }

    /** The wire name (API.md §6 {@code rule}), also the metric tag. */
    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    Scope scope() {
        return scope;
    }

    int defaultThreshold() {
        return defaultThreshold;
    }

    Duration defaultWindow() {
        return defaultWindow;
    }
}

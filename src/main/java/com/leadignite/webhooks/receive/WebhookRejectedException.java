package com.leadignite.webhooks.receive;

import java.util.UUID;
import org.springframework.http.HttpStatus;

/** A delivery refused by the receiver; {@code reason} goes to the audit log and metrics, never a secret. */
public class WebhookRejectedException extends RuntimeException {

    private final HttpStatus status;
    private final String reason;
    private final UUID orgId;

    public WebhookRejectedException(HttpStatus status, String reason, UUID orgId) {
        super(reason, null, false, false);
        this.status = status;
        this.reason = reason;
        this.orgId = orgId;
    }

    public HttpStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The endpoint's org when the endpoint was resolved, else null. */
    public UUID orgId() {
        return orgId;
    }
}

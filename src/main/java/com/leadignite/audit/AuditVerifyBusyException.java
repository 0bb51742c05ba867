package com.leadignite.audit;

import com.leadignite.web.ApiException;
import org.springframework.http.HttpStatus;

/** 429: a verification of the org is already running, or the instance runs as many as it allows. */
public class AuditVerifyBusyException extends ApiException {

    /** A verification of a million rows takes a few seconds; retrying sooner would only be refused again. */
    static final int RETRY_AFTER_SECONDS = 5;

    AuditVerifyBusyException() {
        super(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                "A verification of the audit log is already running. Try again later.");
        retryAfter(RETRY_AFTER_SECONDS);
    }
}

package com.leadignite.webhooks.process;

import com.leadignite.webhooks.Provider;

/**
 * Applies one stored event to the CRM. Runs inside the event's transaction under the claims
 * {@code {"role":"service_webhook","app_metadata":{"org_id":<endpoint's org>}}}, so it can only touch
 * that org's rows. Must be idempotent: handling the same event twice changes nothing.
 */
public interface WebhookEventHandler {

    /** Whether this handler takes events of {@code eventType} (as sent) from {@code provider}. */
    boolean supports(Provider provider, String eventType);

    Result handle(WebhookEvent event);

    /** {@code processed}, or {@code skipped} with a short reason (no lead for the number, no call id...). */
    record Result(String status, String note) {
        public static Result processed() {
            return new Result("processed", null);
        }

        public static Result skipped(String reason) {
            return new Result("skipped", reason);
        }
    }
}

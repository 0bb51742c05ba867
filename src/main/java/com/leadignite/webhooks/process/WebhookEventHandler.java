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

    /**
     * What became of an event: the fixed set of outcomes, each stored as the event's {@code status} (and
     * {@code error} column note). Handlers return {@link Processed} or {@link Skipped}; the worker adds
     * {@link Ignored} (no handler takes the type) and {@link Failed} (a handler threw; retried later).
     */
    sealed interface Result permits Result.Processed, Result.Skipped, Result.Ignored, Result.Failed {

        /** The event's stored status. */
        String status();

        /** Why it was skipped or failed; null otherwise. */
        default String note() {
            return null;
        }

        static Result processed() {
            return new Processed();
        }

        /** @param reason a short reason: no lead for the number, no call id... */
        static Result skipped(String reason) {
            return new Skipped(reason);
        }

        record Processed() implements Result {
            @Override
            public String status() {
                return "processed";
            }
        }

        record Ignored() implements Result {
            @Override
            public String status() {
                return "ignored";
            }
        }

        record Skipped(String reason) implements Result {
            @Override
            public String status() {
                return "skipped";
            }

            @Override
            public String note() {
                return reason;
            }
        }

        record Failed(String error) implements Result {
            @Override
            public String status() {
                return "error";
            }

            @Override
            public String note() {
                return error;
            }
        }
    }
}

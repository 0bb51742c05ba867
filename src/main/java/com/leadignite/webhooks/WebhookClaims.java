package com.leadignite.webhooks;

import java.util.UUID;

/** The claims webhook work runs under: the service role, confined to one org (or none when unknown). */
public final class WebhookClaims {

    private WebhookClaims() {
    }

    public static String forOrg(UUID orgId) {
        if (orgId == null) {
            return "{\"role\":\"service_webhook\"}";
        }
        // A UUID's text form needs no JSON escaping.
        return "{\"role\":\"service_webhook\",\"app_metadata\":{\"org_id\":\"" + orgId + "\"}}";
    }
}

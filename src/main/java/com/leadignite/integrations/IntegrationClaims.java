package com.leadignite.integrations;

import java.util.UUID;

/**
 * Claims of outbound work done for one org without its admin behind it (a dial by an agent, a token
 * refresh, marking a credential the provider refused): the policies of V200 confine them to that org's
 * integrations.
 */
public final class IntegrationClaims {

    private IntegrationClaims() {
    }

    public static String forOrg(UUID orgId) {
        // A UUID's text form needs no JSON escaping.
        return "{\"role\":\"service_integration\",\"app_metadata\":{\"org_id\":\"" + orgId + "\"}}";
    }
}

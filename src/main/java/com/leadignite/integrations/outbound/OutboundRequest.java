package com.leadignite.integrations.outbound;

import com.leadignite.integrations.IntegrationProvider;
import java.net.URI;
import java.util.Map;

/**
 * One call to a provider. {@code uri} comes only from {@link ProviderBaseUrls} (a configured base plus
 * our own path); {@code headers} may carry the credential, so nothing of them is logged or audited.
 *
 * @param operation  short name for the audit row, for example {@code create_call}
 * @param idempotent whether a 5xx may be retried (a POST that may have been carried out is retried only
 *                   on 429 and 503, which say it was not)
 */
public record OutboundRequest(IntegrationProvider provider, String operation, String method, URI uri,
                              Map<String, String> headers, byte[] body, String contentType, boolean idempotent) {

    public static OutboundRequest get(IntegrationProvider provider, String operation, URI uri, Map<String, String> headers) {
        return new OutboundRequest(provider, operation, "GET", uri, headers, null, null, true);
    }

    public static OutboundRequest json(IntegrationProvider provider, String operation, String method, URI uri,
                                       Map<String, String> headers, byte[] body, boolean idempotent) {
        return new OutboundRequest(provider, operation, method, uri, headers, body, "application/json", idempotent);
    }

    public static OutboundRequest form(IntegrationProvider provider, String operation, URI uri, byte[] body) {
        return new OutboundRequest(provider, operation, "POST", uri, Map.of(), body, "application/x-www-form-urlencoded", false);
    }

    @Override
    public String toString() {
        return "OutboundRequest[" + provider + " " + operation + " " + method + "]";
    }
}

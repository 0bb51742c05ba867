package com.leadignite.integrations.providers;

import com.leadignite.integrations.GhlProperties;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.outbound.Answers;
import com.leadignite.integrations.outbound.OutboundClient;
import com.leadignite.integrations.outbound.OutboundRequest;
import com.leadignite.integrations.outbound.ProviderBaseUrls;
import com.leadignite.integrations.outbound.ProviderBaseUrls.Target;
import com.leadignite.integrations.outbound.ProviderFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * GoHighLevel: the OAuth token endpoint (client secret sent only there, in the form body), the optional
 * RFC 7009 revocation endpoint, and the contacts API ({@code Version: 2021-07-28}).
 */
@Component
public class GhlApi {

    static final String API_VERSION = "2021-07-28";
    private static final int MAX_TOKEN = 8192;
    private static final long MAX_EXPIRES_IN = 366L * 24 * 3600;
    public static final int PAGE_SIZE = 100;

    /** Tokens as the token endpoint sent them, checked. */
    public record Tokens(String accessToken, String refreshToken, long expiresIn, String scope, String locationId) {
        @Override
        public String toString() {
            return "Tokens[******, expiresIn=" + expiresIn + ", scope=" + scope + ", locationId=" + locationId + "]";
        }
    }

    /** One contact; any field may be null (the import decides what is usable). */
    public record Contact(String id, String firstName, String lastName, String email, String phone, String company) {
    }

    /** A page of contacts and the cursor of the next, if any (never the provider's {@code nextPageUrl}). */
    public record Page(List<Contact> contacts, int invalid, String nextAfterId, Long nextAfter) {
    }

    private final OutboundClient client;
    private final ProviderBaseUrls urls;
    private final Answers answers;
    private final GhlProperties props;

    public GhlApi(OutboundClient client, ProviderBaseUrls urls, Answers answers, GhlProperties props) {
        this.client = client;
        this.urls = urls;
        this.answers = answers;
        this.props = props;
    }

    public Tokens exchange(UUID org, UUID actor, String code, String verifier, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        form.put("user_type", "Location");
        return tokens(org, actor, "token_exchange", form);
    }

    public Tokens refresh(UUID org, UUID actor, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("user_type", "Location");
        return tokens(org, actor, "token_refresh", form);
    }

    /** RFC 7009; false when no revocation endpoint is configured. */
    public boolean revoke(UUID org, UUID actor, String refreshToken) {
        if (!urls.has(Target.GHL_REVOKE)) {
            return false;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", refreshToken);
        form.put("token_type_hint", "refresh_token");
        client.send(org, actor, OutboundRequest.form(IntegrationProvider.ghl, "token_revoke", urls.url(Target.GHL_REVOKE),
                formBody(withClient(form))));
        return true;
    }

    public Page contacts(UUID org, UUID actor, String accessToken, String locationId, String afterId, Long after) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("locationId", locationId);
        query.put("limit", Integer.toString(PAGE_SIZE));
        if (afterId != null) {
            query.put("startAfterId", afterId);
            query.put("startAfter", Long.toString(after));
        }
        JsonNode n = answers.object(client.send(org, actor, OutboundRequest.get(IntegrationProvider.ghl, "list_contacts",
                urls.resolve(Target.GHL_API, List.of("contacts"), query),
                Map.of("Authorization", "Bearer " + accessToken, "Version", API_VERSION))));
        JsonNode list = n.path("contacts");
        if (!list.isArray() || list.size() > PAGE_SIZE) {
            throw new ProviderFailure.BadAnswer("invalid_contacts");
        }
        List<Contact> out = new ArrayList<>();
        int invalid = 0;
        for (JsonNode c : list) {
            JsonNode id = c.path("id");
            if (!c.isObject() || !id.isString() || !ProviderBaseUrls.ID.matcher(id.asString()).matches()) {
                invalid++;
                continue;
            }
            out.add(new Contact(id.asString(), Answers.text(c, "firstName", 300), Answers.text(c, "lastName", 300),
                    Answers.text(c, "email", 300), Answers.text(c, "phone", 50), Answers.text(c, "companyName", 300)));
        }
        JsonNode meta = n.path("meta");
        String nextAfterId = null;
        Long nextAfter = null;
        if (meta.isObject() && !list.isEmpty() && list.size() == PAGE_SIZE) {
            nextAfterId = Answers.optionalId(meta, "startAfterId").orElse(null);
            JsonNode sa = meta.path("startAfter");
            if (nextAfterId != null) {
                if (!sa.isIntegralNumber() || !sa.canConvertToLong()) {
                    throw new ProviderFailure.BadAnswer("invalid_startAfter");
                }
                nextAfter = sa.asLong();
            }
        }
        return new Page(out, invalid, nextAfterId, nextAfter);
    }

    private Tokens tokens(UUID org, UUID actor, String operation, Map<String, String> form) {
        JsonNode n = answers.object(client.send(org, actor, OutboundRequest.form(IntegrationProvider.ghl, operation,
                urls.url(Target.GHL_TOKEN), formBody(withClient(form)))));
        String scope = Answers.text(n, "scope", 2000);
        return new Tokens(Answers.token(n, "access_token", MAX_TOKEN), Answers.token(n, "refresh_token", MAX_TOKEN),
                Answers.number(n, "expires_in", 1, MAX_EXPIRES_IN), scope,
                Answers.optionalId(n, "locationId").orElse(null));
    }

    private Map<String, String> withClient(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("client_id", props.clientId());
        out.put("client_secret", props.clientSecret());
        out.putAll(form);
        return out;
    }

    private static byte[] formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.US_ASCII);
    }
}

package com.leadignite.integrations.oauth;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.config.AppProperties;
import com.leadignite.db.Database;
import com.leadignite.integrations.GhlProperties;
import com.leadignite.integrations.IntegrationProperties;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.IntegrationService;
import com.leadignite.integrations.outbound.ProviderBaseUrls;
import com.leadignite.integrations.outbound.ProviderFailure;
import com.leadignite.integrations.providers.GhlApi;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * GoHighLevel's authorization-code flow with PKCE (S256). {@link #connect} stores a single-use
 * {@code state} (only its SHA-256) with the code verifier, bound to the admin, org and session, for
 * {@code oauth-state-ttl}; {@link #callback} takes it back (deleting it whatever happens next), checks
 * the binding and expiry, and exchanges the code with the verifier. The client secret goes only into
 * the token request body: never into the authorization URL, a response, a log line or an audit row.
 */
@Service
public class GhlOAuth {

    static final String PROVIDER = "ghl";
    /** What a provider's code or our state may look like: URL-safe, bounded. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._~+/=-]{1,2048}");
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final GhlProperties ghl;
    private final IntegrationProperties props;
    private final ProviderBaseUrls urls;
    private final OAuthStateRepository states;
    private final GhlApi api;
    private final IntegrationService integrations;
    private final Database db;
    private final AuditWriter audit;
    private final AppProperties app;
    private final Clock clock;

    public GhlOAuth(GhlProperties ghl, IntegrationProperties props, ProviderBaseUrls urls, OAuthStateRepository states,
                    GhlApi api, IntegrationService integrations, Database db, AuditWriter audit, AppProperties app,
                    Clock clock) {
        this.ghl = ghl;
        this.props = props;
        this.urls = urls;
        this.states = states;
        this.api = api;
        this.integrations = integrations;
        this.db = db;
        this.audit = audit;
        this.app = app;
        this.clock = clock;
    }

    public String redirectUri() {
        return app.publicBaseUrl() + "/api/v1/integrations/ghl/callback";
    }

    /** The URL to send the admin's browser to. */
    public String connect(AuthenticatedUser admin) {
        integrations.requireAdmin(admin, "connect", IntegrationProvider.ghl);
        if (!ghl.configured()) {
            throw new ApiException(HttpStatus.CONFLICT, "integration-not-configured",
                    "GoHighLevel is not configured on this server.");
        }
        String state = Pkce.random();
        String verifier = Pkce.random();
        Instant now = clock.instant();
        db.as(admin.claims()).write(() -> {
            states.purgeExpired(now);
            states.insert(Pkce.sha256(state.getBytes(StandardCharsets.US_ASCII)), new OAuthStateRepository.State(
                    admin.orgId(), admin.id(), admin.sessionId(), PROVIDER, verifier, now.plus(props.oauthStateTtl())));
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "connect_start", IntegrationService.ENTITY, PROVIDER,
                    Map.of("provider", PROVIDER, "scopes", ghl.scopes())));
            return null;
        });
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", ghl.clientId());
        q.put("redirect_uri", redirectUri());
        q.put("scope", String.join(" ", ghl.scopeList()));
        q.put("state", state);
        q.put("code_challenge", Pkce.challenge(verifier));
        q.put("code_challenge_method", "S256");
        return urls.url(ProviderBaseUrls.Target.GHL_AUTHORIZE) + "?" + q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }

    /**
     * The provider sent the admin back. An unknown, used, expired or foreign state (another user's, or this
     * user's from another session) is a 400, audited; so is a code the token endpoint refuses (for instance
     * because the verifier does not match the challenge).
     */
    public IntegrationService.Status callback(AuthenticatedUser admin, String code, String state, String error) {
        integrations.requireAdmin(admin, "connect", IntegrationProvider.ghl);
        if (state == null || !STATE.matcher(state).matches()) {
            throw invalid(admin, "malformed_state");
        }
        Optional<OAuthStateRepository.State> taken = db.as(admin.claims()).write(
                () -> states.take(Pkce.sha256(state.getBytes(StandardCharsets.US_ASCII))));
        if (taken.isEmpty()) {
            throw invalid(admin, "unknown_state");
        }
        OAuthStateRepository.State s = taken.get();
        if (!s.userId().equals(admin.id()) || !s.orgId().equals(admin.orgId())) {
            throw invalid(admin, "foreign_state");
        }
        if (!s.sessionId().equals(admin.sessionId())) {
            throw invalid(admin, "other_session");
        }
        if (!s.expiresAt().isAfter(clock.instant())) {
            throw invalid(admin, "expired_state");
        }
        if (error != null) {
            throw invalid(admin, "authorization_denied");
        }
        if (code == null || !CODE.matcher(code).matches()) {
            throw invalid(admin, "malformed_code");
        }
        GhlApi.Tokens tokens;
        try {
            tokens = api.exchange(admin.orgId(), admin.id(), code, s.codeVerifier(), redirectUri());
        } catch (ProviderFailure.Refused | ProviderFailure.CredentialRejected e) {
            throw invalid(admin, "code_refused");
        }
        if (tokens.locationId() == null) {
            throw new ProviderFailure.BadAnswer("missing_locationId");
        }
        return integrations.storeTokens(admin, tokens);
    }

    private ApiException invalid(AuthenticatedUser admin, String reason) {
        audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.denied, admin.orgId(), admin.id(), "connect",
                IntegrationService.ENTITY, PROVIDER, Map.of("provider", PROVIDER, "reason", reason)));
        return new ApiException(HttpStatus.BAD_REQUEST, "oauth-authorization-failed",
                "The authorization could not be completed. Start connecting again.");
    }
}

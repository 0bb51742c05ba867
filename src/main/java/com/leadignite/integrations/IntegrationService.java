package com.leadignite.integrations;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.integrations.outbound.ProviderFailure;
import com.leadignite.integrations.providers.ElevenLabsApi;
import com.leadignite.integrations.providers.GhlApi;
import com.leadignite.integrations.providers.VapiApi;
import com.leadignite.integrations.vault.Credential;
import com.leadignite.integrations.vault.CredentialVault;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.ApiException;
import com.leadignite.web.FieldErrorException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * An org's integrations: storing, replacing and deleting credentials (admins), and using them for
 * outbound work ({@link #use}). Credentials leave this class only towards the provider they belong to;
 * what admins see is {@link Status}: connected or not, why, scopes, dates and the last 4 characters of
 * an API key.
 */
@Service
public class IntegrationService {

    public static final String ENTITY = "integration";
    private static final Logger log = LoggerFactory.getLogger(IntegrationService.class);
    private static final int MIN_KEY = 8;
    private static final int MAX_KEY = 512;

    /** What {@code GET /api/v1/integrations} shows of one provider. */
    public record Status(String provider, boolean connected, String reason, List<String> scopes, Instant connectedAt,
                         Instant expiresAt, Instant lastRotatedAt, String keyLast4) {
    }

    private final IntegrationRepository repo;
    private final CredentialVault vault;
    private final Database db;
    private final AuditWriter audit;
    private final Clock clock;
    private final IntegrationProperties props;
    private final VapiApi vapi;
    private final ElevenLabsApi elevenLabs;
    private final GhlApi ghl;
    private final Authorization authorization;
    /** One token refresh per org at a time in this instance (GoHighLevel rotates refresh tokens). */
    private final Map<UUID, Object> refreshLocks = new ConcurrentHashMap<>();

    public IntegrationService(IntegrationRepository repo, CredentialVault vault, Database db, AuditWriter audit,
                              Clock clock, IntegrationProperties props, VapiApi vapi, ElevenLabsApi elevenLabs, GhlApi ghl,
                              Authorization authorization) {
        this.authorization = authorization;
        this.repo = repo;
        this.vault = vault;
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.props = props;
        this.vapi = vapi;
        this.elevenLabs = elevenLabs;
        this.ghl = ghl;
    }

    /**
     * {@link Permission#INTEGRATION_ADMIN}: admin with step-up. Every entry point of this feature asks,
     * naming what was {@code attempted}; controllers may ask first so a 403 comes before a body is judged.
     */
    public AuthenticatedUser requireAdmin(AuthenticatedUser caller, String attempted, IntegrationProvider provider) {
        return authorization.require(caller, Permission.INTEGRATION_ADMIN, provider == null ? null : provider.name(), attempted);
    }

    public List<Status> list(AuthenticatedUser admin) {
        requireAdmin(admin, "list", null);
        List<IntegrationRepository.Row> rows = db.as(admin.claims()).read(() -> repo.all(admin.orgId()));
        List<Status> out = new ArrayList<>();
        for (IntegrationProvider p : IntegrationProvider.values()) {
            out.add(rows.stream().filter(r -> r.provider() == p).findFirst().map(IntegrationService::status)
                    .orElse(new Status(p.name(), false, null, List.of(), null, null, null, null)));
        }
        return out;
    }

    public Status status(AuthenticatedUser admin, IntegrationProvider p) {
        return db.as(admin.claims()).read(() -> repo.find(admin.orgId(), p)).map(IntegrationService::status)
                .orElse(new Status(p.name(), false, null, List.of(), null, null, null, null));
    }

    /** Checks the key against the provider once, then stores it sealed. A refused key is not stored (400). */
    public Status putKey(AuthenticatedUser admin, IntegrationProvider p, String apiKey) {
        requireAdmin(admin, "connect", p);
        if (!p.usesApiKey()) {
            throw FieldErrorException.of("api_key", "ghl connects through OAuth (POST /api/v1/integrations/ghl/connect)");
        }
        String key = validKey(apiKey);
        check(admin, p, key);
        Credential.ApiKey credential = new Credential.ApiKey(key);
        byte[] sealed = vault.seal(admin.orgId(), p, credential);
        Instant now = clock.instant();
        db.as(admin.claims()).write(() -> {
            repo.upsert(admin.orgId(), p, sealed, null, credential.last4(), null, admin.id(), now, null);
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "connect", ENTITY, p.name(), Map.of("provider", p.name())));
            return null;
        });
        return status(admin, p);
    }

    /** GoHighLevel after a completed authorization (see {@code oauth.GhlOAuth}). */
    public Status storeTokens(AuthenticatedUser admin, GhlApi.Tokens t) {
        Instant now = clock.instant();
        Instant expires = now.plusSeconds(t.expiresIn());
        byte[] sealed = vault.seal(admin.orgId(), IntegrationProvider.ghl,
                new Credential.OAuthTokens(t.accessToken(), t.refreshToken(), expires, t.locationId()));
        db.as(admin.claims()).write(() -> {
            repo.upsert(admin.orgId(), IntegrationProvider.ghl, sealed, t.scope(), null, t.locationId(), admin.id(), now, expires);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("provider", "ghl");
            details.put("scopes", t.scope());
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "connect", ENTITY, "ghl", details));
            return null;
        });
        return status(admin, IntegrationProvider.ghl);
    }

    /**
     * {@code POST /rotate}: GoHighLevel tokens are refreshed now; an API-key provider gets the new key
     * given (checked first, like a new one). The previous credential stops being used at once.
     */
    public Status rotate(AuthenticatedUser admin, IntegrationProvider p, String apiKey) {
        requireAdmin(admin, "rotate", p);
        IntegrationRepository.Row row = db.as(admin.claims()).read(() -> repo.find(admin.orgId(), p)).filter(IntegrationRepository.Row::connected)
                .orElseThrow(IntegrationService::notConnected);
        if (p == IntegrationProvider.ghl) {
            if (apiKey != null) {
                throw FieldErrorException.of("api_key", "is not accepted for ghl (its tokens are refreshed)");
            }
            refresh(admin.orgId(), admin.id(), row, true);
        } else {
            String key = validKey(apiKey);
            check(admin, p, key);
            Credential.ApiKey credential = new Credential.ApiKey(key);
            byte[] sealed = vault.seal(admin.orgId(), p, credential);
            Instant now = clock.instant();
            db.as(admin.claims()).write(() -> {
                if (!repo.rotated(admin.orgId(), p, sealed, null, credential.last4(), now, null)) {
                    throw notConnected();
                }
                audit.record(AuditEvent.success(admin.orgId(), admin.id(), "rotate", ENTITY, p.name(), Map.of("provider", p.name())));
                return null;
            });
        }
        return status(admin, p);
    }

    /** Revokes at the provider where it can (GoHighLevel, when a revocation URL is configured), then deletes. */
    public void delete(AuthenticatedUser admin, IntegrationProvider p) {
        requireAdmin(admin, "delete", p);
        IntegrationRepository.Row row = db.as(admin.claims()).read(() -> repo.find(admin.orgId(), p)).orElseThrow(ApiException::notFound);
        String revoked = "not_supported";
        if (p == IntegrationProvider.ghl && row.sealed() != null) {
            try {
                Credential.OAuthTokens t = (Credential.OAuthTokens) vault.open(admin.orgId(), p, row.sealed());
                revoked = ghl.revoke(admin.orgId(), admin.id(), t.refreshToken()) ? "revoked" : "not_supported";
            } catch (ProviderFailure e) {
                // Deleting locally still ends our use of it; the admin can revoke in HighLevel too.
                revoked = "failed";
            }
        }
        String outcome = revoked;
        db.as(admin.claims()).write(() -> {
            if (!repo.delete(admin.orgId(), p)) {
                throw ApiException.notFound();
            }
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "delete", ENTITY, p.name(),
                    Map.of("provider", p.name(), "provider_revocation", outcome)));
            return null;
        });
    }

    /**
     * Runs {@code call} with the org's credential for {@code p}, as work of {@code actor} (who need not be
     * an admin: a dial by an agent). An OAuth token close to expiry is refreshed first; a 401/403 from the
     * provider refreshes once (OAuth) and retries, and otherwise marks the integration revoked.
     */
    public <T> T use(UUID orgId, UUID actor, IntegrationProvider p, Function<Credential, T> call) {
        IntegrationRepository.Row row = asService(orgId, () -> repo.find(orgId, p)).filter(IntegrationRepository.Row::connected)
                .orElseThrow(IntegrationService::notConnected);
        Credential credential = open(row);
        boolean refreshed = false;
        if (credential instanceof Credential.OAuthTokens t && t.expiresAt() != null
                && t.expiresAt().isBefore(clock.instant().plus(props.tokenRefreshSkew()))) {
            credential = refresh(orgId, actor, row, false);
            refreshed = true;
        }
        try {
            return call.apply(credential);
        } catch (ProviderFailure.CredentialRejected first) {
            if (p == IntegrationProvider.ghl && !refreshed) {
                Credential again = refresh(orgId, actor, row, true);
                try {
                    return call.apply(again);
                } catch (ProviderFailure.CredentialRejected second) {
                    revoked(orgId, actor, p);
                    throw second;
                }
            }
            revoked(orgId, actor, p);
            throw first;
        }
    }

    /**
     * New tokens for the org's GoHighLevel integration. Under a per-org lock, and re-read inside it: a
     * concurrent caller that already refreshed leaves fresh tokens, which are used instead of spending the
     * (single-use) refresh token a second time.
     */
    private Credential refresh(UUID orgId, UUID actor, IntegrationRepository.Row seen, boolean force) {
        synchronized (refreshLocks.computeIfAbsent(orgId, k -> new Object())) {
            IntegrationRepository.Row row = asService(orgId, () -> repo.find(orgId, IntegrationProvider.ghl))
                    .filter(IntegrationRepository.Row::connected).orElseThrow(IntegrationService::notConnected);
            Credential.OAuthTokens current = (Credential.OAuthTokens) open(row);
            boolean someoneElseRefreshed = !Arrays.equals(row.sealed(), seen.sealed());
            if (someoneElseRefreshed && (!force || current.expiresAt().isAfter(clock.instant().plus(props.tokenRefreshSkew())))) {
                return current;
            }
            GhlApi.Tokens t;
            try {
                t = ghl.refresh(orgId, actor, current.refreshToken());
            } catch (ProviderFailure.CredentialRejected | ProviderFailure.Refused e) {
                // invalid_grant (400) or 401: the refresh token is gone; the admin has to connect again.
                revoked(orgId, actor, IntegrationProvider.ghl);
                throw new ProviderFailure.CredentialRejected("refresh_refused");
            }
            Instant now = clock.instant();
            Instant expires = now.plusSeconds(t.expiresIn());
            Credential.OAuthTokens fresh = new Credential.OAuthTokens(t.accessToken(), t.refreshToken(), expires,
                    t.locationId() != null ? t.locationId() : current.accountId());
            byte[] sealed = vault.seal(orgId, IntegrationProvider.ghl, fresh);
            asService(orgId, () -> {
                if (!repo.rotated(orgId, IntegrationProvider.ghl, sealed, t.scope(), null, now, expires)) {
                    throw notConnected();
                }
                audit.record(AuditEvent.success(orgId, actor, "rotate", ENTITY, "ghl",
                        Map.of("provider", "ghl", "kind", "token_refresh")));
                return null;
            });
            return fresh;
        }
    }

    private void revoked(UUID orgId, UUID actor, IntegrationProvider p) {
        boolean changed = asService(orgId, () -> {
            boolean c = repo.markRevoked(orgId, p, clock.instant());
            if (c) {
                audit.record(AuditEvent.of(AuditEvent.Outcome.success, orgId, actor, "update", ENTITY, p.name(),
                        Map.of("provider", p.name(), "connected", false, "reason", "revoked")));
            }
            return c;
        });
        if (changed) {
            log.warn("The {} credential of org {} was refused by the provider and is marked revoked", p, orgId);
        }
    }

    private Credential open(IntegrationRepository.Row row) {
        try {
            return vault.open(row.orgId(), row.provider(), row.sealed());
        } catch (IllegalArgumentException e) {
            // Sealed for another org or provider, or sealed with a key no longer configured.
            log.error("The {} credential of org {} cannot be opened", row.provider(), row.orgId());
            throw new ApiException(HttpStatus.CONFLICT, "integration-unusable",
                    "The stored credential cannot be used. Connect the integration again.");
        }
    }

    private void check(AuthenticatedUser admin, IntegrationProvider p, String key) {
        try {
            if (p == IntegrationProvider.vapi) {
                vapi.checkKey(admin.orgId(), admin.id(), key);
            } else {
                elevenLabs.checkKey(admin.orgId(), admin.id(), key);
            }
        } catch (ProviderFailure.CredentialRejected e) {
            audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.failure, admin.orgId(), admin.id(), "connect",
                    ENTITY, p.name(), Map.of("provider", p.name(), "reason", "key_refused")));
            throw new ApiException(HttpStatus.BAD_REQUEST, "api-key-refused", "The provider did not accept this API key.");
        }
    }

    private <T> T asService(UUID orgId, java.util.function.Supplier<T> work) {
        return db.as(DbClaims.integration(orgId)).write(work);
    }

    static String validKey(String apiKey) {
        if (apiKey == null) {
            throw FieldErrorException.of("api_key", "is required");
        }
        if (apiKey.length() < MIN_KEY || apiKey.length() > MAX_KEY || !apiKey.matches("[\\x21-\\x7E]+")) {
            throw FieldErrorException.of("api_key", "must be " + MIN_KEY + ".." + MAX_KEY + " printable ASCII characters without spaces");
        }
        return apiKey;
    }

    static ApiException notConnected() {
        return new ApiException(HttpStatus.CONFLICT, "integration-not-connected", "The integration is not connected.");
    }

    private static Status status(IntegrationRepository.Row r) {
        List<String> scopes = r.scopes() == null || r.scopes().isBlank() ? List.of()
                : Arrays.stream(r.scopes().trim().split("\\s+")).toList();
        return new Status(r.provider().name(), r.connected(), r.reason(), scopes, r.connectedAt(), r.expiresAt(),
                r.lastRotatedAt(), r.keyLast4());
    }

    Optional<IntegrationRepository.Row> row(UUID orgId, IntegrationProvider p) {
        return asService(orgId, () -> repo.find(orgId, p));
    }
}

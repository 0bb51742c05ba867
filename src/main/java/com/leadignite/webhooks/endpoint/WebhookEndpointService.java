package com.leadignite.webhooks.endpoint;

import com.leadignite.db.Database;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.config.AppProperties;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.web.FieldErrorException;
import com.leadignite.web.ApiException;
import com.leadignite.web.PageResponse;
import com.leadignite.webhooks.Provider;
import com.leadignite.webhooks.WebhookProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Endpoint management for org admins with step-up ({@link Permission#WEBHOOK_ENDPOINT_ADMIN}). Every
 * change is audited in its own transaction; a secret is returned only by the call that issued it and is
 * stored sealed. An id the caller cannot see is a 404, reported like every other.
 */
@Service
public class WebhookEndpointService {

    public static final String ENTITY = "webhook_endpoint";

    /** An endpoint with its freshly issued secret: only create and rotate return one. */
    public record IssuedEndpoint(WebhookEndpointRepository.EndpointRow endpoint, String secret) {
    }

    private final WebhookEndpointRepository repo;
    private final WebhookSecrets secrets;
    private final AuditWriter audit;
    private final WebhookProperties props;
    private final AppProperties app;
    private final Clock clock;
    private final Database db;
    private final Authorization authorization;

    public WebhookEndpointService(Database db, WebhookEndpointRepository repo, WebhookSecrets secrets, AuditWriter audit,
                                  WebhookProperties props, AppProperties app, Clock clock, Authorization authorization) {
        this.db = db;
        this.authorization = authorization;
        this.repo = repo;
        this.secrets = secrets;
        this.audit = audit;
        this.props = props;
        this.app = app;
        this.clock = clock;
    }

    public String url(WebhookEndpointRepository.EndpointRow e) {
        return app.publicBaseUrl() + "/webhooks/" + e.provider().name() + "/" + e.id();
    }

    /** The permission on its own, so a refused caller's body is never judged; {@code attempted} names the action. */
    public AuthenticatedUser requireAdmin(AuthenticatedUser caller, String attempted, UUID id) {
        return authorization.require(caller, Permission.WEBHOOK_ENDPOINT_ADMIN, id, attempted);
    }

    public IssuedEndpoint create(AuthenticatedUser admin, Provider provider) {
        return db.as(admin.claims()).write(() -> {
            requireAdmin(admin, "create", null);
            UUID id = UUID.randomUUID();
            String secret = secrets.generate();
            repo.insert(id, admin.orgId(), provider, secrets.seal(secret, id, admin.orgId()), admin.id());
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "create", ENTITY, id,
                    Map.of("provider", provider.name())));
            return new IssuedEndpoint(repo.find(id).orElseThrow(), secret);
        });
    }

    public PageResponse<WebhookEndpointRepository.EndpointRow> list(AuthenticatedUser admin, int page, int size) {
        return db.as(admin.claims()).read(() -> {
            requireAdmin(admin, "list", null);
            if (page < 0) {
                throw FieldErrorException.of("page", "must be 0 or more");
            }
            if (size < 1 || size > 100) {
                throw FieldErrorException.of("size", "must be between 1 and 100");
            }
            return new PageResponse<>(repo.page(page, size), page, size, repo.count());
        });
    }

    /**
     * Issues a new secret. The outgoing one keeps verifying for {@code rotation-overlap}, and so does
     * every earlier one still within its own grace period: a promised grace period is never cut short.
     * To keep the number bounded, a rotation while {@code max-previous-secrets} are still in their grace
     * period is refused (409) instead of dropping one of them.
     */
    public IssuedEndpoint rotate(AuthenticatedUser admin, UUID id) {
        return db.as(admin.claims()).write(() -> {
            requireAdmin(admin, "rotate", id);
            WebhookEndpointRepository.EndpointRow before = repo.find(id).orElseThrow(() -> notFound(admin, id));
            repo.lockForRotation(id).orElseThrow(() -> notFound(admin, id));
            Instant now = clock.instant();
            if (repo.pruneAndCountPreviousSecrets(id, now) >= props.maxPreviousSecrets()) {
                throw new ApiException(HttpStatus.CONFLICT, "rotation-limit",
                        "Too many earlier secrets of this endpoint are still in their grace period. Try again after the oldest expires.");
            }
            String secret = secrets.generate();
            Instant previousExpires = now.plus(props.rotationOverlap());
            if (!repo.rotate(id, secrets.seal(secret, id, before.orgId()), now, previousExpires)) {
                throw notFound(admin, id);
            }
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "rotate", ENTITY, id,
                    Map.of("provider", before.provider().name(), "previous_valid_until", previousExpires.toString())));
            return new IssuedEndpoint(repo.find(id).orElseThrow(), secret);
        });
    }

    public void delete(AuthenticatedUser admin, UUID id) {
        db.as(admin.claims()).run(() -> {
            requireAdmin(admin, "delete", id);
            WebhookEndpointRepository.EndpointRow before = repo.find(id).orElseThrow(() -> notFound(admin, id));
            if (!repo.delete(id, clock.instant())) {
                throw notFound(admin, id);
            }
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "delete", ENTITY, id,
                    Map.of("provider", before.provider().name())));
        });
    }

    private ApiException notFound(AuthenticatedUser admin, UUID id) {
        return authorization.notFound(admin, ENTITY, id);
    }
}

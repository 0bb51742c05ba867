package com.leadignite.crm.formkeys;

import com.leadignite.db.Database;
import com.leadignite.web.PageQuery;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.web.PageResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Public form keys: random, prefixed {@code lfk_}, bound to a list of allowed origins; admins only. */
@Service
public class FormKeyService {

    static final String ENTITY = "form_key";
    static final String PREFIX = "lfk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FormKeyRepository keys;
    private final AuditWriter audit;
    private final Authorization denials;
    private final Database db;

    public FormKeyService(Database db, FormKeyRepository keys, AuditWriter audit, Authorization denials) {
        this.db = db;
        this.keys = keys;
        this.audit = audit;
        this.denials = denials;
    }

    public FormKeyResource create(AuthenticatedUser admin, CreateFormKeyRequest req) {
        return db.as(admin.claims()).write(() -> {
            denials.require(admin, Permission.FORM_KEY_ADMIN);
            List<String> origins = OriginRules.normalizeAll(req.allowedOrigins());
            FormKeyResource created = keys.insert(admin.orgId(), admin.id(), newKey(), origins);
            // The key itself stays out of the audit log: its id identifies it.
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "create", ENTITY, created.id(),
                    Map.of("after", Map.of("allowed_origins", origins))));
            return created;
        });
    }

    public PageResponse<FormKeyResource> list(AuthenticatedUser admin, Integer page, Integer size) {
        return db.as(admin.claims()).read(() -> {
            denials.require(admin, Permission.FORM_KEY_ADMIN);
            PageQuery paging = PageQuery.of(page, size);
            return new PageResponse<>(keys.list(admin.orgId(), paging.size(), paging.offset()), paging.page(),
                    paging.size(), keys.count(admin.orgId()));
        });
    }

    public void delete(AuthenticatedUser admin, UUID id) {
        db.as(admin.claims()).run(() -> {
            denials.require(admin, Permission.FORM_KEY_ADMIN, id);
            FormKeyResource deleted = keys.delete(admin.orgId(), id).orElseThrow(() -> denials.notFound(admin, ENTITY, id));
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "delete", ENTITY, id,
                    Map.of("before", Map.of("allowed_origins", deleted.allowedOrigins()))));
        });
    }

    static String newKey() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}

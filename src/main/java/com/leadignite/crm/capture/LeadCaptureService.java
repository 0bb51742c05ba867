package com.leadignite.crm.capture;

import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.signin.CaptchaVerifier;
import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.leads.LeadRepository;
import com.leadignite.crm.leads.NewLead;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.security.ratelimit.FormKeyLimit;
import com.leadignite.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Public lead capture. The form key is resolved by the definer function {@code public.resolve_form_key}
 * (no user is known yet and the form_keys policies admit only admins); the lead is then inserted with
 * claims {@code {"role":"service_capture","app_metadata":{"org_id":<key's org>}}}, which the leads
 * policy admits for exactly that org, together with its audit row in the same transaction.
 */
@Service
public class LeadCaptureService {

    static final String UNAUTHORIZED_TYPE = "invalid-form-key";
    private void requireCaptcha(String token, String clientIp) {
        try {
            captcha.verify(token, clientIp);
        } catch (AuthError e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "captcha-failed", "Captcha verification failed.");
        }
    }

    private final Database db;
    private final CaptureKeyRepository keys;
    private final LeadRepository leads;
    private final AuditWriter audit;
    private final CaptchaVerifier captcha;
    private final FormKeyLimit formKeyLimit;

    public LeadCaptureService(Database db, CaptureKeyRepository keys, LeadRepository leads, AuditWriter audit,
                              CaptchaVerifier captcha, FormKeyLimit formKeyLimit) {
        this.formKeyLimit = formKeyLimit;
        this.captcha = captcha;
        this.db = db;
        this.keys = keys;
        this.leads = leads;
        this.audit = audit;
    }

    record ResolvedKey(UUID orgId, List<String> allowedOrigins, UUID keyId) {
    }

    /** Key check, then origin check, then the insert; returns the new lead's id. */
    /**
     * @param captchaToken {@code X-Captcha-Token}; required, and verified, when a captcha verifier is configured
     * @param clientIp     the caller's address, passed to the verifier
     */
    public UUID capture(String formKey, String origin, String captchaToken, String clientIp, CaptureRequest body) {
        ResolvedKey key = resolve(formKey).orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED,
                UNAUTHORIZED_TYPE, "A valid form key is required."));
        if (origin != null && !key.allowedOrigins().contains(origin)) {
            denied(key, origin);
            throw new ApiException(HttpStatus.FORBIDDEN, "origin-not-allowed", "This origin may not use this form key.");
        }
        requireCaptcha(captchaToken, clientIp);
        CaptureRequest lead = CaptureValidator.validate(body);
        // Only now, with key, origin and body accepted, does the request draw on the key's bucket.
        formKeyLimit.consume(key.keyId());
        return db.as(DbClaims.capture(key.orgId())).write(() -> {
            // The id is chosen here, not RETURNed: the capture claims may insert a lead but need not read one.
            UUID id = UUID.randomUUID();
            leads.insert(new NewLead(id, key.orgId(), null, lead.firstName(), lead.lastName(), lead.email(),
                    lead.phone(), lead.company(), "new", lead.source(), lead.notes()));
            audit.record(AuditEvent.success(key.orgId(), null, "create", "lead", id,
                    Map.of("via", "lead_capture", "form_key_id", key.keyId().toString())));
            return id;
        });
    }

    private Optional<ResolvedKey> resolve(String formKey) {
        // Cheap shape check first: garbage never reaches the database.
        if (formKey == null || !formKey.matches("lfk_[A-Za-z0-9_-]{32}")) {
            return Optional.empty();
        }
        return db.as(DbClaims.ANONYMOUS).read(() -> keys.resolve(formKey));
    }

    private void denied(ResolvedKey key, String origin) {
        String shown = origin.length() > 200 ? origin.substring(0, 200) : origin;
        audit.recordRejection(AuditEvent.of(AuditEvent.Outcome.denied,
                key.orgId(), null, "access_denied", "form_key", key.keyId(), Map.of("reason", "origin", "origin", shown)));
    }
}

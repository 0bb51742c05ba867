package com.leadignite.admin;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.config.AuthProperties;
import com.leadignite.auth.token.SigningKeys;
import com.leadignite.crypto.MasterKey;
import com.leadignite.crypto.SealedValueStore;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import tools.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Key rotation for operators.
 * <ul>
 *   <li>{@code jwt}: a new signing key signs from now on; the old one stays in the JWKS for the access-token
 *       lifetime plus clock skew plus one key-refresh period, so every token it signed (on any instance)
 *       expires before it leaves. Audited in the rotation's transaction.</li>
 *   <li>{@code encryption}: every stored sealed value (each feature's {@link SealedValueStore}) is moved onto
 *       the current master key; afterwards the previous key can be removed from the configuration. The
 *       plaintexts do not change, so each store commits on its own and a repeated call is harmless (it
 *       rewrites nothing more).</li>
 * </ul>
 */
@Service
public class KeyRotationService {

    static final String ENTITY = "signing_key";
    private static final Logger log = LoggerFactory.getLogger(KeyRotationService.class);

    record JwtRotation(String kind, String kid, Instant previousValidUntil) {
    }

    record EncryptionRotation(String kind, String keyFingerprint, int resealed, List<String> keyFingerprintsInUse) {
    }

    private final SigningKeys signingKeys;
    private final MasterKey masterKey;
    private final List<SealedValueStore> stores;
    private final AuthProperties auth;
    private final AuditWriter audit;
    private final Authorization authorization;
    private final AdminProperties props;

    public KeyRotationService(SigningKeys signingKeys, MasterKey masterKey, List<SealedValueStore> stores,
                              AuthProperties auth, AuditWriter audit, Authorization authorization, AdminProperties props) {
        this.signingKeys = signingKeys;
        this.masterKey = masterKey;
        this.stores = stores;
        this.auth = auth;
        this.audit = audit;
        this.authorization = authorization;
        this.props = props;
    }

    /**
     * Admins of the operator org only, with step-up; decided before the body is read, so a caller without
     * the right learns nothing about it.
     */
    Object rotate(AuthenticatedUser caller, JsonNode body) {
        if (props.operatorOrgId() == null || !props.operatorOrgId().equals(caller.orgId())) {
            throw authorization.forbidden(caller, ENTITY, null, "not_operator_org");
        }
        authorization.require(caller, Permission.SIGNING_KEY_ROTATE);
        return switch (KeyRotationRequest.parse(body).kind()) {
            case jwt -> rotateJwt(caller);
            case encryption -> rotateEncryption(caller);
        };
    }

    /** How long a retired signing key keeps verifying: see the class comment. */
    Duration keepVerifying() {
        return auth.accessTokenTtl().plus(auth.clockSkew()).plus(SigningKeys.REFRESH_EVERY);
    }

    JwtRotation rotateJwt(AuthenticatedUser admin) {
        Instant[] until = new Instant[1];
        String kid = signingKeys.rotate(keepVerifying(), (newKid, previousValidUntil) -> {
            until[0] = previousValidUntil;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", "jwt");
            details.put("kid", newKid);
            details.put("previous_valid_until", previousValidUntil == null ? null : previousValidUntil.toString());
            audit.record(AuditEvent.success(admin.orgId(), admin.id(), "rotate", ENTITY, newKid, details));
        });
        return new JwtRotation("jwt", kid, until[0]);
    }

    EncryptionRotation rotateEncryption(AuthenticatedUser admin) {
        int total = 0;
        try {
            for (SealedValueStore store : stores) {
                int n = store.resealAll(masterKey);
                log.info("Master-key re-sealing: {} value(s) of the {} moved onto key {}", n, store.description(),
                        masterKey.fingerprint());
                total += n;
            }
        } catch (RuntimeException e) {
            log.error("Master-key re-sealing stopped: {}", e.getMessage());
            audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.failure, admin.orgId(), admin.id(), "rotate",
                    ENTITY, masterKey.fingerprint(), Map.of("kind", "encryption", "resealed", total)));
            throw e;
        }
        Set<String> inUse = new TreeSet<>();
        stores.forEach(s -> inUse.addAll(s.keyIdsInUse()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", "encryption");
        details.put("key_fingerprint", masterKey.fingerprint());
        details.put("resealed", total);
        audit.recordIndependently(AuditEvent.success(admin.orgId(), admin.id(), "rotate", ENTITY,
                masterKey.fingerprint(), details));
        return new EncryptionRotation("encryption", masterKey.fingerprint(), total, List.copyOf(inUse));
    }
}

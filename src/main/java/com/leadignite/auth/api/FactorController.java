package com.leadignite.auth.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.leadignite.auth.mfa.MfaService;
import com.leadignite.auth.mfa.TotpQrCode;
import com.leadignite.auth.session.SessionResponse;
import com.leadignite.auth.signin.ClientIp;
import com.leadignite.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MFA factors under {@code /auth/v1/factors} in GoTrue's shapes, so auth-js {@code mfa.*} works unchanged.
 * As in GoTrue every answer is 200 with a JSON body (auth-js parses the body of a DELETE too).
 */
@RestController
@RequestMapping("/auth/v1/factors")
public class FactorController {

    private final MfaService mfa;

    public FactorController(MfaService mfa) {
        this.mfa = mfa;
    }

    /** auth-js sends {@code issuer} for TOTP and {@code phone} for phone factors. */
    record Enroll(String factorType, String friendlyName, String issuer, Object phone) {
    }

    /** auth-js posts its own parameters object ({@code factorId}, maybe {@code channel}); none of it is needed. */
    record Challenge(@JsonProperty("factorId") Object factorId, Object channel, Object webauthn) {
    }

    record Verify(String challengeId, String code) {
        @Override
        public String toString() {
            return "Verify[" + challengeId + "]";
        }
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> enroll(@RequestBody Enroll body) {
        MfaService.Enrolled e = mfa.enroll(CurrentUser.get(), body.factorType(), body.friendlyName(), body.issuer());
        Map<String, Object> totp = new LinkedHashMap<>();
        totp.put("qr_code", TotpQrCode.dataUri(e.uri()));
        totp.put("secret", e.secret());
        totp.put("uri", e.uri());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id().toString());
        out.put("type", "totp");
        out.put("friendly_name", e.friendlyName());
        out.put("totp", totp);
        return noStore(out);
    }

    @PostMapping("/{id}/challenge")
    ResponseEntity<Map<String, Object>> challenge(@PathVariable("id") String id,
                                                  @RequestBody(required = false) Challenge body,
                                                  HttpServletRequest request) {
        MfaService.Challenge c = mfa.challenge(CurrentUser.get(), factorId(id), ClientIp.of(request));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id().toString());
        out.put("type", "totp");
        out.put("expires_at", c.expiresAt().getEpochSecond());
        return noStore(out);
    }

    @PostMapping("/{id}/verify")
    ResponseEntity<SessionResponse> verify(@PathVariable("id") String id, @RequestBody Verify body,
                                           HttpServletRequest request) {
        UUID factor = factorId(id);
        UUID challenge = uuid(body.challengeId());
        if (challenge == null) {
            throw AuthError.validation("challenge_id must be a challenge id");
        }
        return noStore(mfa.verify(CurrentUser.get(), factor, challenge, body.code(), ClientIp.of(request)).toResponse());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Map<String, Object>> unenroll(@PathVariable("id") String id, HttpServletRequest request) {
        return noStore(Map.of("id", mfa.unenroll(CurrentUser.get(), factorId(id), ClientIp.of(request)).toString()));
    }

    private static UUID factorId(String raw) {
        UUID id = uuid(raw);
        if (id == null) {
            throw new AuthError(org.springframework.http.HttpStatus.NOT_FOUND, ErrorCode.MFA_FACTOR_NOT_FOUND, "Factor not found");
        }
        return id;
    }

    private static UUID uuid(String raw) {
        try {
            return raw == null || raw.length() != 36 ? null : UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}

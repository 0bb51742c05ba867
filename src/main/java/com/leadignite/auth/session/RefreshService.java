package com.leadignite.auth.session;

import com.leadignite.security.ratelimit.SessionRefreshLimit;
import jakarta.servlet.http.HttpServletResponse;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.auth.api.AuthError;
import com.leadignite.auth.api.ErrorCode;
import com.leadignite.auth.session.SessionIssuer.IssuedSession;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.auth.user.AccountRepository;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Refresh-token rotation with reuse detection. The presented token's row is locked ({@code FOR UPDATE}),
 * so of two concurrent refreshes with one token the second sees it rotated. A rotated token presented
 * again outside {@code leadignite.auth.refresh-reuse-interval} revokes the whole session at once (its
 * access tokens stop working on the next request) and is audited as {@code refresh_reuse}. Inside the
 * interval, and only while the token's child is still unused, a sibling child is issued instead (the
 * plain token of the first child is not stored, so it cannot be handed out again).
 */
@Service
public class RefreshService {

    private final Database db;
    private final SessionRepository sessions;
    private final AccountRepository users;
    private final SessionIssuer issuer;
    private final AuditWriter audit;
    private final SessionRefreshLimit perSessionLimit;

    public RefreshService(Database db, SessionRepository sessions, AccountRepository users, SessionIssuer issuer,
                          AuditWriter audit, SessionRefreshLimit perSessionLimit) {
        this.perSessionLimit = perSessionLimit;
        this.db = db;
        this.sessions = sessions;
        this.users = users;
        this.issuer = issuer;
        this.audit = audit;
    }

    private sealed interface Outcome permits Refreshed, Refused {
    }

    private record Refreshed(IssuedSession session) implements Outcome {
    }

    /** Refusal decided after work that must commit (revocation on reuse). */
    private record Refused(AuthError error) implements Outcome {
    }

    /** @param response receives the per-session {@code RateLimit} headers */
    public IssuedSession refresh(String token, HttpServletResponse response) {
        if (token == null || token.isBlank()) {
            throw AuthError.validation("Refresh token is not valid");
        }
        if (!RefreshTokens.wellFormed(token)) {
            throw notFound();
        }
        Outcome outcome = db.as(DbClaims.AUTH).write(() -> decide(RefreshTokens.sha256(token), response));
        if (outcome instanceof Refused refused) {
            throw refused.error();
        }
        return ((Refreshed) outcome).session();
    }

    private Outcome decide(byte[] hash, HttpServletResponse response) {
        SessionRepository.TokenRow row = sessions.lockToken(hash).orElseThrow(RefreshService::notFound);
        SessionRepository.SessionRow session = sessions.lockSession(row.sessionId())
                .orElseThrow(RefreshService::sessionNotFound);
        if (session.revoked()) {
            throw sessionNotFound();
        }
        if (session.expired()) {
            throw new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.SESSION_EXPIRED, "Session expired");
        }
        UserRecord user = users.findById(session.userId()).orElseThrow(RefreshService::sessionNotFound);
        // Per-session limit (API.md §8); refusing here rolls back before anything is rotated.
        perSessionLimit.check(session.id(), user.orgId(), user.id(), response);
        if (row.rotated() && !(row.withinReuseInterval() && row.hasLiveChild())) {
            sessions.revoke(session.id(), "refresh_token_reuse");
            audit.record(AuditEvent.of(AuditEvent.Outcome.denied, user.orgId(), user.id(), "refresh_reuse", "session",
                    session.id(), Map.of("revoked", true)));
            return new Refused(new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.REFRESH_TOKEN_ALREADY_USED,
                    "Invalid Refresh Token: Already Used"));
        }
        sessions.markRotated(row.id());
        sessions.touch(session.id());
        IssuedSession next = issuer.tokens(user, session.id(), session.authMethod(), session.passwordAuthAt(), row.id());
        audit.record(AuditEvent.success(user.orgId(), user.id(), "refresh", "session", session.id(),
                row.rotated() ? Map.of("within_reuse_interval", true) : Map.of()));
        return new Refreshed(next);
    }

    private static AuthError notFound() {
        return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.REFRESH_TOKEN_NOT_FOUND, "Invalid Refresh Token: Refresh Token Not Found");
    }

    private static AuthError sessionNotFound() {
        return new AuthError(HttpStatus.BAD_REQUEST, ErrorCode.SESSION_NOT_FOUND, "Session not found");
    }
}

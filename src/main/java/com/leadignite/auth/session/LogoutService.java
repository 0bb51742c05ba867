package com.leadignite.auth.session;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.auth.api.AuthError;
import com.leadignite.security.AuthenticatedUser;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Sign-out with GoTrue's scopes: {@code local} (this session), {@code global} (all), {@code others}. */
@Service
public class LogoutService {

    public enum Scope {
        local, global, others
    }

    private final Database db;
    private final SessionRepository sessions;
    private final AuditWriter audit;

    public LogoutService(Database db, SessionRepository sessions, AuditWriter audit) {
        this.db = db;
        this.sessions = sessions;
        this.audit = audit;
    }

    /**
     * A caller with an external Supabase token has no session here: {@code local} has nothing to end
     * (a 403), while every local session of the user counts as one of the caller's "others".
     */
    public void logout(AuthenticatedUser user, Scope scope) {
        if (scope == Scope.local && user.sessionId() == null) {
            throw AuthError.noLocalSession();
        }
        db.as(DbClaims.AUTH).run(() -> {
            int revoked = switch (scope) {
                case local -> sessions.revoke(user.sessionId(), "logout");
                case global -> sessions.revokeAllOf(user.id(), null, "logout");
                case others -> sessions.revokeAllOf(user.id(), user.sessionId(), "logout");
            };
            audit.record(AuditEvent.success(user.orgId(), user.id(), "logout", "session", user.sessionId(),
                    Map.of("scope", scope.name(), "revoked", revoked)));
        });
    }
}

package com.leadignite.auth.signin;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.auth.user.AccountRepository;
import com.leadignite.auth.user.UserRecord;
import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the audit row {@code lock} (entity {@code user}, reason {@code brute_force}) when a lockout
 * starts: for an existing account in its org, for an unknown email or a client address without org.
 */
@Component
public class AuditedLockouts implements LockoutAudit {

    private static final Logger log = LoggerFactory.getLogger(AuditedLockouts.class);

    private final AuditWriter audit;
    private final Database db;
    private final AccountRepository users;

    public AuditedLockouts(AuditWriter audit, Database db, AccountRepository users) {
        this.audit = audit;
        this.db = db;
        this.users = users;
    }

    @Override
    public void locked(String normalizedEmail, Map<String, Object> details) {
        try {
            Optional<UserRecord> user = normalizedEmail == null ? Optional.empty()
                    : db.as(DbClaims.AUTH).read(() -> users.findByEmail(normalizedEmail));
            Map<String, Object> d = new LinkedHashMap<>(details);
            d.put("reason", "brute_force");
            audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.success,
                    user.map(UserRecord::orgId).orElse(null), null, "lock", "user", user.map(UserRecord::id).orElse(null), d));
        } catch (RuntimeException e) {
            // The lockout stands whether or not its audit row could be written.
            log.warn("could not audit a brute-force lockout: {}", e.getClass().getSimpleName());
        }
    }
}

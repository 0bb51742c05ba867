package com.leadignite.auth.signin;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.DbContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the audit row {@code lock} (entity {@code user}, reason {@code brute_force}) when a lockout
 * starts: for an existing account in its org, for an unknown email or a client address without org.
 */
@Component
public class AuditedLockouts implements LockoutAudit {

    private static final Logger log = LoggerFactory.getLogger(AuditedLockouts.class);

    private final AuditWriter audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public AuditedLockouts(AuditWriter audit, JdbcClient jdbc, TransactionTemplate tx) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void locked(String normalizedEmail, Map<String, Object> details) {
        try {
            DbContext.runAs(DbContext.AUTH_SERVICE, () -> {
                Optional<UUID[]> user = normalizedEmail == null ? Optional.empty() : tx.execute(s -> jdbc.sql(
                                "select id, org_id from auth.users where lower(email) = lower(:email)")
                        .param("email", normalizedEmail)
                        .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                        .optional());
                Map<String, Object> d = new LinkedHashMap<>(details);
                d.put("reason", "brute_force");
                audit.recordIndependently(AuditEvent.of(AuditEvent.Outcome.success,
                        user.map(u -> u[1]).orElse(null), null, "lock", "user", user.map(u -> u[0]).orElse(null), d));
            });
        } catch (RuntimeException e) {
            // The lockout stands whether or not its audit row could be written.
            log.warn("could not audit a brute-force lockout: {}", e.getClass().getSimpleName());
        }
    }
}

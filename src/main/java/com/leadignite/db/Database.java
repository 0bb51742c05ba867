package com.leadignite.db;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way work runs in the database: {@code database.as(claims).read(() -> ...)} for a read-only
 * transaction, {@code .write(...)} / {@code .run(...)} for one that changes data. The transaction's first
 * statement sets its claims (for an end user's session it also checks that the session is live, see
 * {@link DbClaims.Session}), so row-level security always knows who is asking.
 *
 * <p>Called inside a running transaction, the work joins it (no second connection is ever taken while
 * one is held, see {@link ConnectionScope}); it must then run as the same claims, else it is refused.
 * Denials and other independent audit rows are written after the transaction (see
 * {@code AuditWriter.recordIndependently}), so services check roles before, and answer "not found"
 * after, their transaction when they can.
 */
@Component
public class Database {

    /** Key of the claims bound to the running transaction. */
    private static final Object CLAIMS = new Object();

    private final ClaimsRepository statements;
    private final JsonMapper json;
    private final TransactionTemplate write;
    private final TransactionTemplate read;
    private final TransactionTemplate snapshot;

    public Database(PlatformTransactionManager txm, ClaimsRepository statements, JsonMapper json) {
        this.statements = statements;
        this.json = json;
        this.write = new TransactionTemplate(txm);
        this.read = new TransactionTemplate(txm);
        this.read.setReadOnly(true);
        this.snapshot = new TransactionTemplate(txm);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    public Scope as(DbClaims claims) {
        if (claims == null) {
            throw new IllegalArgumentException("claims are required (DbClaims.ANONYMOUS for none)");
        }
        return new Scope(claims);
    }

    /** Work under one set of claims. */
    public final class Scope {

        private final DbClaims claims;

        private Scope(DbClaims claims) {
            this.claims = claims;
        }

        /** A read-only transaction. */
        public <T> T read(Supplier<T> work) {
            return in(read, work);
        }

        /** A read-only transaction that sees one snapshot throughout (repeatable read). */
        public <T> T snapshot(Supplier<T> work) {
            return in(snapshot, work);
        }

        /** A read-write transaction. */
        public <T> T write(Supplier<T> work) {
            return in(write, work);
        }

        /** A read-write transaction without a result. */
        public void run(Runnable work) {
            in(write, () -> {
                work.run();
                return null;
            });
        }

        /** A read-write transaction whose work may roll back part of itself to a savepoint. */
        public <T> T writeWithSavepoints(Function<SavepointManager, T> work) {
            return write.execute(status -> {
                enter(claims, status);
                return work.apply(status);
            });
        }

        private <T> T in(TransactionTemplate template, Supplier<T> work) {
            return template.execute(status -> {
                enter(claims, status);
                return work.get();
            });
        }
    }

    /**
     * Checks an end user's session outside any transaction: one statement in its own implicit
     * transaction, for a caller whose org or role is needed before the request's transaction begins.
     */
    public void confirm(DbClaims.Session session) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // The statement would replace the running transaction's claims.
            throw new IllegalStateException("a session is confirmed before a transaction, or by one of its own");
        }
        session.confirmation().confirmed(statements.beginSession(session));
    }

    /** The {@code request.jwt.claims} JSON of {@code claims}, as PostgREST and Supabase shape it. */
    public String json(DbClaims claims) {
        if (claims instanceof DbClaims.Anonymous) {
            return "";
        }
        if (claims instanceof DbClaims.Session) {
            throw new IllegalArgumentException("a session's claims are set by the database");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (claims instanceof DbClaims.User u) {
            out.put("sub", u.userId().toString());
            out.put("role", "authenticated");
            out.put("email", u.email());
            out.put("session_id", u.sessionId() == null ? null : u.sessionId().toString());
            out.put("app_metadata", Map.of("org_id", u.orgId().toString(), "role", u.role()));
        } else if (claims instanceof DbClaims.Service s) {
            out.put("role", s.role().name());
            if (s.orgId() != null) {
                out.put("app_metadata", Map.of("org_id", s.orgId().toString()));
            }
        }
        return json.writeValueAsString(out);
    }

    /**
     * A transaction this helper begins gets {@code claims} as its first statement; work joining it must
     * run as the same claims. A transaction begun elsewhere keeps what its owner set (only tests begin
     * one: ArchitectureTest keeps main code to this helper).
     */
    private void enter(DbClaims claims, TransactionStatus status) {
        Object current = TransactionSynchronizationManager.getResource(CLAIMS);
        if (current != null) {
            if (!current.equals(claims)) {
                throw new IllegalStateException("a transaction was joined under other claims");
            }
            return;
        }
        if (!status.isNewTransaction()) {
            return;
        }
        TransactionSynchronizationManager.bindResource(CLAIMS, claims);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(CLAIMS);
            }
        });
        if (claims instanceof DbClaims.Session s) {
            // A dead session makes the confirmation throw: the transaction rolls back before any work.
            s.confirmation().confirmed(statements.beginSession(s));
        } else {
            statements.set(json(claims));
        }
    }
}

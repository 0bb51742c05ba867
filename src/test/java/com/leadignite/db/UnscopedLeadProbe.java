package com.leadignite.db;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.security.CurrentUser;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only: deliberately wrong data access, the kind of bug row-level security exists to contain.
 * The queries have no org or owner filter at all; the controller has no role check. Only the
 * policies stand between these and other tenants' rows. Served under {@code /test-only/**}, which
 * (like every route not listed as public) requires authentication.
 */
public final class UnscopedLeadProbe {

    private UnscopedLeadProbe() {
    }

    @Component
    public static class Queries {
        private final JdbcClient jdbc;
        private final Database db;

        Queries(JdbcClient jdbc, Database db) {
            this.jdbc = jdbc;
            this.db = db;
        }

        public List<UUID> allLeadIds(DbClaims claims) {
            return db.as(claims).read(() -> jdbc.sql("select id from public.leads").query(UUID.class).list());
        }

        /** A forgotten transaction context: a transaction without claims. */
        @Transactional(readOnly = true)
        public List<UUID> allLeadIdsWithoutClaims() {
            return jdbc.sql("select id from public.leads").query(UUID.class).list();
        }

        public List<UUID> allCallIds(DbClaims claims) {
            return db.as(claims).read(() -> jdbc.sql("select id from public.calls").query(UUID.class).list());
        }

        public int convertEveryLead(DbClaims claims) {
            return db.as(claims).write(() -> jdbc.sql("update public.leads set status = 'converted'").update());
        }

        public int deleteLead(DbClaims claims, UUID id) {
            return db.as(claims).write(() -> jdbc.sql("delete from public.leads where id = :id").param("id", id).update());
        }
    }

    @RestController
    public static class Endpoints {
        private final Queries queries;

        Endpoints(Queries queries) {
            this.queries = queries;
        }

        @GetMapping("/test-only/unscoped/leads")
        public List<UUID> leads() {
            return queries.allLeadIds(CurrentUser.get().claims());
        }

        @PostMapping("/test-only/unscoped/leads/convert-all")
        public int convertAll() {
            return queries.convertEveryLead(CurrentUser.get().claims());
        }

        @PostMapping("/test-only/unscoped/leads/{id}/delete")
        public int delete(@PathVariable UUID id) {
            return queries.deleteLead(CurrentUser.get().claims(), id);
        }
    }
}

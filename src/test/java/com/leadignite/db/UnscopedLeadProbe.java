package com.leadignite.db;

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

        Queries(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional(readOnly = true)
        public List<UUID> allLeadIds() {
            return jdbc.sql("select id from public.leads").query(UUID.class).list();
        }

        @Transactional(readOnly = true)
        public List<UUID> allCallIds() {
            return jdbc.sql("select id from public.calls").query(UUID.class).list();
        }

        @Transactional
        public int convertEveryLead() {
            return jdbc.sql("update public.leads set status = 'converted'").update();
        }

        @Transactional
        public int deleteLead(UUID id) {
            return jdbc.sql("delete from public.leads where id = :id").param("id", id).update();
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
            return queries.allLeadIds();
        }

        @PostMapping("/test-only/unscoped/leads/convert-all")
        public int convertAll() {
            return queries.convertEveryLead();
        }

        @PostMapping("/test-only/unscoped/leads/{id}/delete")
        public int delete(@PathVariable UUID id) {
            return queries.deleteLead(id);
        }
    }
}

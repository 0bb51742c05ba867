package com.leadignite.crm.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Denials are audited with a connection of their own; they must never need it while the request's
 * transaction holds another, or a burst of probes larger than the pool would starve it and turn every
 * answer into a 5xx. Forty concurrent denied requests (the pool has ten connections) all get their
 * 404/403, and every one of them is audited.
 */
class DenialBurstTest extends TwoOrgTest {

    UUID leadB;

    @BeforeEach
    void setUp() {
        leadB = CrmRows.lead(otherOrg, otherAdmin.id(), null, "target");
    }

    @Test
    void aBurstOfDeniedRequestsIsAnsweredAndAudited() throws Exception {
        Http http = new Http(port);
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                final int n = i;
                answers.add(pool.submit(() -> switch (n % 4) {
                    case 0 -> http.get("/api/v1/leads/" + leadB, "Authorization", admin.bearer()).status();
                    case 1 -> http.patch("/api/v1/leads/" + leadB, Map.of("status", "converted"), "Authorization", agent.bearer()).status();
                    case 2 -> http.post("/api/v1/leads/" + leadB + "/calls", Map.of("direction", "inbound",
                            "started_at", "2026-01-01T00:00:00Z"), "Authorization", user.bearer()).status();
                    default -> http.post("/api/v1/assistants", Map.of("name", "x", "provider", "vapi"), "Authorization", user.bearer()).status();
                }));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).as("request " + i).isEqualTo(i % 4 == 3 ? 403 : 404);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where org_id = ? and action = 'access_denied' and outcome = 'denied'",
                org)).isEqualTo(40);
        assertThat(CrmRows.ownerString("select status from public.leads where id = ?", leadB)).isEqualTo("new");
    }
}

package com.leadignite.audit;

import com.leadignite.security.authz.Authorization;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.TwoOrgTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The prober's own audit log is no existence oracle: another org's id and an unknown id leave rows that
 * differ in nothing but the id. The cross-org probe is recorded in the owning org's log instead, where
 * the prober cannot read it.
 */
class ProbeAuditTest extends TwoOrgTest {

    @Test
    void aForeignIdAndAnUnknownIdLookTheSameInTheProbersLog() {
        UUID foreignLead = CrmRows.lead(otherOrg, otherAdmin.id(), null, "target");
        UUID foreignCall = CrmRows.call(otherOrg, foreignLead, otherAdmin.id());
        UUID unknown = UUID.randomUUID();
        assertThat(http.get("/api/v1/leads/" + foreignLead, "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/leads/" + unknown, "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/calls/" + foreignCall, "Authorization", admin.bearer()).status()).isEqualTo(404);

        JsonNode foreignRow = only(admin.bearer(), "lead", foreignLead);
        JsonNode unknownRow = only(admin.bearer(), "lead", unknown);
        for (String field : new String[] {"action", "entity_type", "outcome", "details", "actor_id", "org_id"}) {
            assertThat(foreignRow.get(field)).as(field).isEqualTo(unknownRow.get(field));
        }
        assertThat(foreignRow.get("details").get("reason").asString()).isEqualTo("not_found");
        assertThat(only(admin.bearer(), "call", foreignCall).get("details").get("reason").asString()).isEqualTo("not_found");

        // The owning org sees the probe of its record, and nothing of the unknown id.
        JsonNode probe = only(otherAdmin.bearer(), "lead", foreignLead);
        assertThat(probe.get("action").asString()).isEqualTo(Authorization.ACTION);
        assertThat(probe.get("outcome").asString()).isEqualTo("denied");
        assertThat(probe.get("details").get("reason").asString()).isEqualTo("cross_org_probe");
        assertThat(probe.get("actor_id").isNull()).isTrue();
        assertThat(probe.get("request_id").asString()).isEqualTo(foreignRow.get("request_id").asString());
        assertThat(only(otherAdmin.bearer(), "call", foreignCall).get("details").get("reason").asString())
                .isEqualTo("cross_org_probe");
        assertThat(http.get("/api/v1/audit-events?entity_id=" + unknown, "Authorization", otherAdmin.bearer())
                .json().get("total").asLong()).isZero();
        // Both chains still verify.
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", admin.bearer()).json().get("valid").asBoolean()).isTrue();
        assertThat(http.get("/api/v1/audit-events/verify", "Authorization", otherAdmin.bearer()).json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aSameOrgRecordOutsideTheCallersRowsStaysNamedInTheOwnLog() {
        UUID ownLead = CrmRows.lead(org, admin.id(), null, "not the agent's");
        assertThat(http.get("/api/v1/leads/" + ownLead, "Authorization", agent.bearer()).status()).isEqualTo(404);
        JsonNode row = only(admin.bearer(), "lead", ownLead);
        assertThat(row.get("details").get("reason").asString()).isEqualTo("not_visible");
        assertThat(row.get("actor_id").asString()).isEqualTo(agent.id().toString());
    }

    private JsonNode only(String bearer, String type, UUID id) {
        JsonNode page = http.get("/api/v1/audit-events?entity_type=" + type + "&entity_id=" + id, "Authorization", bearer).json();
        assertThat(page.get("total").asLong()).as(type + " " + id).isEqualTo(1);
        return page.get("items").get(0);
    }
}

package com.leadignite.crm.invitations;

import com.leadignite.support.TwoOrgTest;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.users.OwnerQueries;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class InvitationTest extends TwoOrgTest {

    @Test
    void adminCreatesAnInvitationWhoseTokenIsStoredOnlyAsItsHash() throws Exception {
        var r = http.post("/api/v1/invitations", Map.of("email", "New.Person@Example.test", "role", "agent"),
                "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(201);
        String token = r.json().get("invite_token").asString();
        UUID id = UUID.fromString(r.json().get("id").asString());
        assertThat(r.header("Location")).isEqualTo("/api/v1/invitations/" + id);
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        OffsetDateTime expires = OffsetDateTime.parse(r.json().get("expires_at").asString());
        assertThat(Duration.between(Instant.now(), expires.toInstant())).isBetween(Duration.ofHours(71), Duration.ofHours(73));

        var row = OwnerQueries.rows("select * from auth.invitations where id = ?", id).get(0);
        assertThat(row).containsEntry("org_id", org).containsEntry("role", "agent")
                .containsEntry("email", "new.person@example.test").containsEntry("created_by", admin.id());
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        assertThat((byte[]) row.get("token_hash")).isEqualTo(sha);
        // The clear token appears nowhere in the database: not in the invitation, not in the audit log.
        assertThat(OwnerQueries.one("""
                select count(*) from auth.invitations i where i.id = ? and (i::text like '%' || ? || '%')""", id, token))
                .isEqualTo(0L);
        assertThat(OwnerQueries.one("""
                select count(*) from public.audit_events a where a.org_id = ? and (a.details::text like '%' || ? || '%')""",
                org, token)).isEqualTo(0L);
        var audit = OwnerQueries.rows("""
                select actor_id, details->'after'->>'role' as role from public.audit_events
                 where org_id = ? and action = 'create' and entity_type = 'invitation' and entity_id = ?""", org, id.toString());
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).containsEntry("actor_id", admin.id()).containsEntry("role", "agent");

        // Listing and reading never show the token.
        var list = http.get("/api/v1/invitations", "Authorization", admin.bearer());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(list.body()).doesNotContain(token).doesNotContain("token");
        var one = http.get("/api/v1/invitations/" + id, "Authorization", admin.bearer());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("status").asString()).isEqualTo("pending");
        assertThat(one.body()).doesNotContain(token);
    }

    @Test
    void tokensAreUnique() {
        var a = http.post("/api/v1/invitations", Map.of("email", "a@example.test", "role", "user"), "Authorization", admin.bearer());
        var b = http.post("/api/v1/invitations", Map.of("email", "a@example.test", "role", "user"), "Authorization", admin.bearer());
        assertThat(a.json().get("invite_token").asString()).isNotEqualTo(b.json().get("invite_token").asString());
    }

    @Test
    void creatingNeedsAdminAndStepUp() {
        var body = Map.of("email", "x@example.test", "role", "admin");
        assertThat(http.post("/api/v1/invitations", body, "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/invitations", body).status()).isEqualTo(401);
        TestUser stale = fixtures.user(org, "admin", Instant.now().minusSeconds(600));
        var r = http.post("/api/v1/invitations", body, "Authorization", stale.bearer());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("type").asString()).endsWith("/reauthentication-required");
        assertThat(OwnerQueries.one("select count(*) from auth.invitations where org_id = ?", org)).isEqualTo(0L);
        assertThat(http.get("/api/v1/invitations", "Authorization", agent.bearer()).status()).isEqualTo(403);
    }

    @Test
    void roleEmailAndServerSetFieldsAreValidated() {
        for (Object body : new Object[] {
                Map.of("email", "x@example.test", "role", "owner"),
                Map.of("email", "x@example.test", "role", "service_auth"),
                Map.of("email", "x@example.test"),
                Map.of("email", "not-an-email", "role", "user"),
                Map.of("email", "<script>@example.test", "role", "user"),
                Map.of("email", "x@example.test", "role", "user", "org_id", otherOrg.toString()),
                Map.of("email", "x@example.test", "role", "user", "expires_at", "2099-01-01T00:00:00Z"),
                Map.of("email", "x@example.test", "role", "user", "created_by", otherAdmin.id().toString())}) {
            assertThat(http.post("/api/v1/invitations", body, "Authorization", admin.bearer()).status()).as(body.toString())
                    .isEqualTo(400);
        }
        assertThat(OwnerQueries.one("select count(*) from auth.invitations where org_id in (?, ?)", org, otherOrg)).isEqualTo(0L);
    }

    @Test
    void invitationsOfAnotherOrgAreInvisible() {
        var r = http.post("/api/v1/invitations", Map.of("email", "y@example.test", "role", "user"), "Authorization", otherAdmin.bearer());
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().get("id").asString();
        assertThat(http.get("/api/v1/invitations/" + id, "Authorization", admin.bearer()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/invitations", "Authorization", admin.bearer()).json().get("total").asLong()).isZero();
        assertThat(OwnerQueries.one("select org_id from auth.invitations where id = ?", UUID.fromString(id))).isEqualTo(otherOrg);
    }
}

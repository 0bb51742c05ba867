package com.leadignite.crm.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.users.OwnerQueries;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /api/v1/invitations/{id}} and the inviter rule of API.md §2: an invitation stops
 * working when it is revoked or when its inviter is no longer an active admin of the org.
 */
class InvitationRevocationTest extends TwoOrgTest {

    static final String PASSWORD = "Glacier-Pencil-Orbit-42";

    record Invite(UUID id, String email, String token) {
    }

    Invite invite(TestUser by, String role) {
        String email = "invitee-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        var r = http.post("/api/v1/invitations", Map.of("email", email, "role", role), "Authorization", by.bearer());
        assertThat(r.status()).isEqualTo(201);
        return new Invite(UUID.fromString(r.json().get("id").asString()), email, r.json().get("invite_token").asString());
    }

    Http.Response redeem(Invite i) {
        return http.post("/auth/v1/signup", Map.of("email", i.email(), "password", PASSWORD,
                "data", Map.of("invite_token", i.token())));
    }

    static void assertRevokedAnswer(Http.Response r) {
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error_code").asString()).isEqualTo("invite_revoked");
        assertThat(r.header("x-sb-error-code")).isEqualTo("invite_revoked");
    }

    static Object usedAt(Invite i) {
        return OwnerQueries.one("select used_at from auth.invitations where id = ?", i.id());
    }

    static long accounts(Invite i) {
        return (Long) OwnerQueries.one("select count(*) from auth.users where lower(email) = ?", i.email());
    }

    Http.Response status(Invite i) {
        return http.get("/api/v1/invitations/" + i.id(), "Authorization", admin.bearer());
    }

    @Test
    void anAdminRevokesAnInvitationWhichThenCannotBeRedeemed() {
        Invite i = invite(admin, "agent");
        var r = http.delete("/api/v1/invitations/" + i.id(), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();

        assertRevokedAnswer(redeem(i));
        assertThat(usedAt(i)).isNull();
        assertThat(accounts(i)).isZero();

        var one = status(i);
        assertThat(one.json().get("status").asString()).isEqualTo("revoked");
        assertThat(one.json().get("revoked_at").isNull()).isFalse();
        var list = http.get("/api/v1/invitations", "Authorization", admin.bearer());
        assertThat(list.json().get("items").get(0).get("status").asString()).isEqualTo("revoked");

        var audit = OwnerQueries.rows("""
                select actor_id, outcome, details->>'reason' as reason from public.audit_events
                 where org_id = ? and action = 'revoke' and entity_type = 'invitation' and entity_id = ?""",
                org, i.id().toString());
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).containsEntry("actor_id", admin.id()).containsEntry("outcome", "success")
                .containsEntry("reason", "revoked");

        // Revoking again changes nothing and answers the same.
        assertThat(http.delete("/api/v1/invitations/" + i.id(), "Authorization", admin.bearer()).status()).isEqualTo(204);
        assertThat(OwnerQueries.rows("select 1 from public.audit_events where action = 'revoke' and entity_id = ?",
                i.id().toString())).hasSize(1);
    }

    @Test
    void revokingNeedsAnAdminOfTheOrgWithStepUpAndUnknownOrForeignIdsAre404() {
        Invite i = invite(admin, "user");
        String path = "/api/v1/invitations/" + i.id();
        assertThat(http.delete(path).status()).isEqualTo(401);
        assertThat(http.delete(path, "Authorization", agent.bearer()).status()).isEqualTo(403);
        assertThat(http.delete(path, "Authorization", user.bearer()).status()).isEqualTo(403);
        TestUser stale = fixtures.user(org, "admin", Instant.now().minusSeconds(600));
        var r = http.delete(path, "Authorization", stale.bearer());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("type").asString()).endsWith("/reauthentication-required");

        var foreign = http.delete(path, "Authorization", otherAdmin.bearer());
        var unknown = http.delete("/api/v1/invitations/" + UUID.randomUUID(), "Authorization", otherAdmin.bearer());
        var notUuid = http.delete("/api/v1/invitations/not-a-uuid", "Authorization", otherAdmin.bearer());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(notUuid.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail").asString()).isEqualTo(unknown.json().get("detail").asString());
        assertThat(OwnerQueries.rows("""
                select 1 from public.audit_events where org_id = ? and action = 'access_denied' and entity_id = ?""",
                otherOrg, i.id().toString())).hasSize(1);

        // Nothing of the above touched it.
        assertThat(status(i).json().get("status").asString()).isEqualTo("pending");
        assertThat(redeem(i).status()).isEqualTo(200);
    }

    @Test
    void aUsedInvitationCannotBeRevoked() {
        Invite i = invite(admin, "user");
        assertThat(redeem(i).status()).isEqualTo(200);
        var r = http.delete("/api/v1/invitations/" + i.id(), "Authorization", admin.bearer());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(status(i).json().get("status").asString()).isEqualTo("used");
    }

    @Test
    void lockingTheInviterRevokesTheirPendingInvitationsForGood() {
        TestUser inviter = fixtures.user(org, "admin");
        Invite pending = invite(inviter, "agent");
        Invite used = invite(inviter, "user");
        assertThat(redeem(used).status()).isEqualTo(200);
        Invite byAnother = invite(admin, "user");

        assertThat(http.post("/api/v1/users/" + inviter.id() + "/lock", null, "Authorization", admin.bearer()).status())
                .isEqualTo(200);
        assertRevokedAnswer(redeem(pending));
        assertThat(accounts(pending)).isZero();
        assertThat(status(pending).json().get("status").asString()).isEqualTo("revoked");
        assertThat(status(used).json().get("status").asString()).isEqualTo("used");
        assertThat(OwnerQueries.one("""
                select details->>'reason' from public.audit_events where action = 'revoke' and entity_id = ?""",
                pending.id().toString())).isEqualTo("inviter_locked");
        assertThat(OwnerQueries.one("""
                select (details->>'invitations_revoked')::int from public.audit_events where action = 'lock' and entity_id = ?""",
                inviter.id().toString())).isEqualTo(1);

        // An unlock does not bring it back; other admins' invitations were never affected.
        assertThat(http.post("/api/v1/users/" + inviter.id() + "/unlock", null, "Authorization", admin.bearer()).status())
                .isEqualTo(200);
        assertRevokedAnswer(redeem(pending));
        assertThat(redeem(byAnother).status()).isEqualTo(200);
    }

    @Test
    void demotingTheInviterRevokesTheirPendingInvitations() {
        TestUser inviter = fixtures.user(org, "admin");
        Invite pending = invite(inviter, "admin");
        assertThat(http.patch("/api/v1/users/" + inviter.id() + "/role", Map.of("role", "agent"), "Authorization",
                admin.bearer()).status()).isEqualTo(200);
        assertRevokedAnswer(redeem(pending));
        assertThat(accounts(pending)).isZero();
        assertThat(usedAt(pending)).isNull();
        assertThat(OwnerQueries.one("""
                select details->>'reason' from public.audit_events where action = 'revoke' and entity_id = ?""",
                pending.id().toString())).isEqualTo("inviter_role_change");
    }

    /** Changes made out of band (no API call that would revoke anything) are caught at redemption. */
    @Test
    void anInviterLockedDemotedOrMovedOutOfBandCannotBringAnyoneIn() {
        TestUser locked = fixtures.user(org, "admin");
        TestUser demoted = fixtures.user(org, "admin");
        TestUser moved = fixtures.user(org, "admin");
        Invite a = invite(locked, "user");
        Invite b = invite(demoted, "user");
        Invite c = invite(moved, "user");
        Fixtures.exec("update auth.users set locked_at = now() where id = ?", locked.id());
        Fixtures.exec("update auth.users set role = 'user' where id = ?", demoted.id());
        Fixtures.exec("update auth.users set org_id = ? where id = ?", otherOrg, moved.id());
        for (Invite i : new Invite[] {a, b, c}) {
            assertRevokedAnswer(redeem(i));
            assertThat(accounts(i)).isZero();
            assertThat(status(i).json().get("status").asString()).isEqualTo("revoked");
        }
        // An invitation with no inviter on record (the inviter's row gone) is refused the same way.
        Invite orphan = invite(admin, "user");
        Fixtures.exec("update auth.invitations set created_by = null where id = ?", orphan.id());
        assertRevokedAnswer(redeem(orphan));
        assertThat(accounts(orphan)).isZero();
        // Restored, the inviter's invitations work again: nothing was revoked for good out of band.
        Fixtures.exec("update auth.users set locked_at = null where id = ?", locked.id());
        assertThat(redeem(a).status()).isEqualTo(200);
    }

    /** A revocation racing a sign-up with the same token: exactly one of them wins, nobody gets a 500. */
    @Test
    void aRevocationRacingTheRedemptionHasExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> problems = new ArrayList<>();
        try {
            for (int round = 0; round < 6; round++) {
                Invite i = invite(admin, "user");
                CountDownLatch go = new CountDownLatch(1);
                Future<Integer> revoke = pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return http.delete("/api/v1/invitations/" + i.id(), "Authorization", admin.bearer()).status();
                });
                Future<Integer> redeem = pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return redeem(i).status();
                });
                go.countDown();
                int d = revoke.get(30, TimeUnit.SECONDS);
                int r = redeem.get(30, TimeUnit.SECONDS);
                boolean revokedFirst = d == 204 && r == 403 && accounts(i) == 0;
                boolean redeemedFirst = d == 409 && r == 200 && accounts(i) == 1;
                if (!revokedFirst && !redeemedFirst) {
                    problems.add("round " + round + ": delete " + d + ", sign-up " + r + ", accounts " + accounts(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
    }

    /** Path variants never reach another org's invitation, and never answer 2xx or 5xx. */
    @Test
    void pathVariantsOfAnotherOrgsInvitationRevokeNothing() {
        Invite i = invite(admin, "user");
        String id = i.id().toString();
        for (String path : List.of("/api/v1/invitations/" + id.toUpperCase(), "/api/v1/invitations/" + id + "/",
                "/api/v1/invitations//" + id, "/api/v1/invitations/" + id + ";a=b", "/api/v1/invitations/" + id + "%00",
                "/api/v1/invitations/" + id.replace("-", "%2D"), "/API/V1/INVITATIONS/" + id, "/api/v1/invitations/%2e%2e/" + id)) {
            int status = http.delete(path, "Authorization", otherAdmin.bearer()).status();
            assertThat(status).as(path).isBetween(400, 499);
        }
        assertThat(status(i).json().get("status").asString()).isEqualTo("pending");
    }
}

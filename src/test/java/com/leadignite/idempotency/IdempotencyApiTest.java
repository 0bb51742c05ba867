package com.leadignite.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.crm.common.CrmRows;
import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code Idempotency-Key} on {@code POST /api/v1/leads} and {@code POST /api/v1/leads/{id}/calls}, over
 * real HTTP, with what was created counted in the database as its owner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyApiTest extends TwoOrgTest {

    static final String LEADS = "/api/v1/leads";

    UUID agentLead;

    @BeforeAll
    void seed() {
        agentLead = CrmRows.lead(org, agent.id(), null, "Call target");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static String key() {
        return "key-" + UUID.randomUUID();
    }

    static Map<String, Object> lead(String marker) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_name", marker);
        m.put("email", "ada@example.test");
        m.put("company", "Acme");
        return m;
    }

    static Map<String, Object> call(String summary) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", "outbound");
        m.put("started_at", "2026-03-01T09:30:00Z");
        m.put("summary", summary);
        return m;
    }

    static String marker() {
        return "Idem" + UUID.randomUUID().toString().substring(0, 8);
    }

    Http.Response postLead(TestUser who, Object body, String key) {
        return key == null ? http.post(LEADS, body, "Authorization", who.bearer())
                : http.post(LEADS, body, "Authorization", who.bearer(), IdempotencyKey.HEADER, key);
    }

    Http.Response postCall(TestUser who, UUID lead, Object body, String key) {
        return http.post(LEADS + "/" + lead + "/calls", body, "Authorization", who.bearer(), IdempotencyKey.HEADER, key);
    }

    /** POST /api/v1/leads over a plain socket, with the key's bytes exactly as given. */
    String rawPost(TestUser who, Object body, byte[] key) {
        byte[] json = Http.JSON.writeValueAsBytes(body);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + LEADS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + who.bearer() + "\r\nContent-Length: " + json.length + "\r\n" + IdempotencyKey.HEADER + ": ")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(key);
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long leadsNamed(String marker) {
        return CrmRows.ownerCount("select count(*) from public.leads where org_id in (?, ?) and first_name = ?", org, otherOrg, marker);
    }

    long callsWithSummary(String summary) {
        return CrmRows.ownerCount("select count(*) from public.calls where org_id = ? and summary = ?", org, summary);
    }

    static void assertProblem(Http.Response r, int status, String typeSuffix) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("type").asString()).endsWith("/" + typeSuffix);
    }

    // ---- leads -----------------------------------------------------------------------------------

    @Test
    void aRetryGetsTheFirstResponseAgainAndCreatesNothing() {
        String m = marker();
        String key = key();
        var first = postLead(agent, lead(m), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
        String id = first.json().get("id").asString();
        assertThat(first.header("Location")).isEqualTo("/api/v1/leads/" + id);
        assertThat(first.header("Content-Type")).startsWith("application/json");

        // Same data, members in another order and other whitespace: still the same request.
        String reordered = "{ \"company\" : \"Acme\", \"email\":\"ada@example.test\",\n \"first_name\": \"" + m + "\" }";
        for (int i = 0; i < 2; i++) {
            var again = postLead(agent, reordered, key);
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.header("Location")).isEqualTo(first.header("Location"));
            assertThat(again.header("Content-Type")).startsWith("application/json");
            assertThat(again.header(IdempotentRequests.REPLAYED_HEADER)).isEqualTo("true");
        }
        assertThat(leadsNamed(m)).isEqualTo(1);
        assertThat(CrmRows.ownerCount("select count(*) from public.audit_events where org_id = ? and entity_type = 'lead'"
                + " and action = 'create' and entity_id = ?", org, id)).isEqualTo(1);
        // Only the answer is kept, never the request body; and it is the answer byte for byte.
        assertThat(CrmRows.ownerString("select response_body from public.idempotency_keys where user_id = ? and key = ?",
                agent.id(), key)).isEqualTo(first.body());
    }

    @Test
    void withoutAKeyEveryRequestCreates() {
        String m = marker();
        long keysBefore = CrmRows.ownerCount("select count(*) from public.idempotency_keys where user_id = ?", agent.id());
        assertThat(postLead(agent, lead(m), null).status()).isEqualTo(201);
        assertThat(postLead(agent, lead(m), null).status()).isEqualTo(201);
        assertThat(leadsNamed(m)).isEqualTo(2);
        assertThat(CrmRows.ownerCount("select count(*) from public.idempotency_keys where user_id = ?", agent.id()))
                .isEqualTo(keysBefore);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndCreatesNothing() {
        String m = marker();
        String key = key();
        assertThat(postLead(agent, lead(m), key).status()).isEqualTo(201);
        var changed = lead(m);
        changed.put("company", "Other Inc");
        var r = postLead(agent, changed, key);
        assertProblem(r, 422, "idempotency-key-reused");
        assertThat(r.body()).doesNotContain("Acme").doesNotContain(m);
        assertThat(leadsNamed(m)).isEqualTo(1);
        assertThat(CrmRows.ownerCount("select count(*) from public.leads where org_id = ? and company = 'Other Inc' and first_name = ?",
                org, m)).isZero();
    }

    @Test
    void theSameKeyOnAnotherPathIs422() {
        String key = key();
        assertThat(postLead(agent, lead(marker()), key).status()).isEqualTo(201);
        String summary = "path-" + UUID.randomUUID();
        assertProblem(postCall(agent, agentLead, call(summary), key), 422, "idempotency-key-reused");
        assertThat(callsWithSummary(summary)).isZero();
    }

    @Test
    void anotherUsersKeyOfTheSameValueIsTheirOwn() {
        String m = marker();
        String key = key();
        var mine = postLead(agent, lead(m), key);
        assertThat(mine.status()).isEqualTo(201);
        String myId = mine.json().get("id").asString();

        // Same org, same key, same body: processed for that user, nothing of the first user's answer in it.
        var theirs = postLead(user, lead(m), key);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
        assertThat(theirs.body()).doesNotContain(myId).doesNotContain(agent.id().toString());
        assertThat(theirs.json().get("owner_id").asString()).isEqualTo(user.id().toString());

        // Another org, same key, another body: no 422, since the key space is per user.
        var changed = lead(m);
        changed.put("company", "Elsewhere");
        var other = postLead(otherAdmin, changed, key);
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("org_id").asString()).isEqualTo(otherOrg.toString());
        assertThat(other.body()).doesNotContain(myId);
        assertThat(leadsNamed(m)).isEqualTo(3);

        // And each user's own retry still replays their own answer.
        assertThat(postLead(agent, lead(m), key).body()).isEqualTo(mine.body());
        assertThat(postLead(user, lead(m), key).body()).isEqualTo(theirs.body());
    }

    @Test
    void concurrentRequestsWithOneKeyCreateExactlyOneLead() throws Exception {
        String m = marker();
        String key = key();
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return postLead(agent, lead(m), key);
                }));
            }
            start.countDown();
            List<Http.Response> answers = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(leadsNamed(m)).isEqualTo(1);
            String id = CrmRows.ownerString("select id from public.leads where org_id = ? and first_name = ?", org, m);
            int created = 0;
            for (Http.Response r : answers) {
                if (r.status() == 201) {
                    assertThat(r.json().get("id").asString()).isEqualTo(id);
                    assertThat(r.header("Location")).isEqualTo("/api/v1/leads/" + id);
                    created++;
                } else {
                    assertProblem(r, 409, "idempotency-request-in-progress");
                    assertThat(r.header("Retry-After")).isEqualTo("1");
                }
            }
            assertThat(created).isPositive();
            // Once the first one is done, every retry is the replay.
            var retry = postLead(agent, lead(m), key);
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.json().get("id").asString()).isEqualTo(id);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestStillInProgressIs409AndAnAbandonedOneIsTakenOver() {
        String m = marker();
        String key = key();
        byte[] hash = RequestFingerprint.of("POST", LEADS, Http.JSON.valueToTree(lead(m)));
        Fixtures.exec("""
                insert into public.idempotency_keys (user_id, org_id, key, request_hash, status, created_at, expires_at)
                values (?, ?, ?, ?, 'in_progress', now(), now() + interval '1 day')""", agent.id(), org, key, hash);
        var r = postLead(agent, lead(m), key);
        assertProblem(r, 409, "idempotency-request-in-progress");
        assertThat(r.header("Retry-After")).isEqualTo("1");
        // A different body is still a misuse of the key, whatever state it is in.
        var changed = lead(m);
        changed.put("company", "Changed");
        assertProblem(postLead(agent, changed, key), 422, "idempotency-key-reused");
        assertThat(leadsNamed(m)).isZero();

        // The instance that reserved it died: after the in-progress timeout the key is free again.
        Fixtures.exec("update public.idempotency_keys set created_at = now() - interval '1 hour' where user_id = ? and key = ?",
                agent.id(), key);
        var taken = postLead(agent, lead(m), key);
        assertThat(taken.status()).isEqualTo(201);
        assertThat(leadsNamed(m)).isEqualTo(1);
        assertThat(postLead(agent, lead(m), key).body()).isEqualTo(taken.body());
    }

    @Test
    void anExpiredKeyIsProcessedAnew() {
        String m = marker();
        String key = key();
        var first = postLead(agent, lead(m), key);
        assertThat(first.status()).isEqualTo(201);
        Fixtures.exec("""
                update public.idempotency_keys set created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour'
                 where user_id = ? and key = ?""", agent.id(), key);
        var later = postLead(agent, lead(m), key);
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.header(IdempotentRequests.REPLAYED_HEADER)).isNull();
        assertThat(later.json().get("id").asString()).isNotEqualTo(first.json().get("id").asString());
        assertThat(leadsNamed(m)).isEqualTo(2);
        // ... and the key now replays the new answer.
        assertThat(postLead(agent, lead(m), key).body()).isEqualTo(later.body());
    }

    @Test
    void aFailedFirstAttemptLeavesTheKeyUsableForTheCorrectedRequest() {
        String m = marker();
        String key = key();
        var bad = lead(m);
        bad.put("email", "not an address");
        var refused = postLead(agent, bad, key);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(CrmRows.ownerCount("select count(*) from public.idempotency_keys where user_id = ? and key = ?", agent.id(), key))
                .isZero();
        var ok = postLead(agent, lead(m), key);
        assertThat(ok.status()).isEqualTo(201);
        assertThat(postLead(agent, lead(m), key).body()).isEqualTo(ok.body());
        assertThat(leadsNamed(m)).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIs400NamingTheHeaderAndCreatesNothing() {
        String m = marker();
        for (String bad : List.of("k".repeat(256), "tab\there", "")) {
            var r = postLead(agent, lead(m), bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertProblem(r, 400, "validation");
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        }
        // Non-ASCII bytes on the wire (the JDK client would not send them as such).
        assertThat(rawPost(agent, lead(m), "caf\u00e9".getBytes(StandardCharsets.UTF_8)))
                .startsWith("HTTP/1.1 400").contains("application/problem+json").contains("\"field\":\"Idempotency-Key\"");
        // A control character: the container already refuses the request as malformed HTTP.
        assertThat(rawPost(agent, lead(m), new byte[] {'a', (byte) 0x7f, 'b'}))
                .startsWith("HTTP/1.1 400").contains("application/problem+json");
        // The same header twice is ambiguous: refused too.
        var twice = http.post(LEADS, lead(m), "Authorization", agent.bearer(), IdempotencyKey.HEADER, "a", IdempotencyKey.HEADER, "b");
        assertProblem(twice, 400, "validation");
        assertThat(twice.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(leadsNamed(m)).isZero();
        // The longest allowed key, with every printable character class, works.
        String longest = ("Az09 -_.:~!\"#$%&'()*+,/;<=>?@[\\]^`{|}" + "k".repeat(255)).substring(0, 255);
        assertThat(postLead(agent, lead(m), longest).status()).isEqualTo(201);
        assertThat(postLead(agent, lead(m), longest).header(IdempotentRequests.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(leadsNamed(m)).isEqualTo(1);
    }

    // ---- calls -----------------------------------------------------------------------------------

    @Test
    void callsReplayRefuseReuseAndExpireLikeLeads() {
        String summary = "call-" + UUID.randomUUID();
        String key = key();
        var first = postCall(agent, agentLead, call(summary), key);
        assertThat(first.status()).isEqualTo(201);
        String id = first.json().get("id").asString();
        assertThat(first.header("Location")).isEqualTo("/api/v1/calls/" + id);

        var again = postCall(agent, agentLead, call(summary), key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(callsWithSummary(summary)).isEqualTo(1);

        var changed = call(summary);
        changed.put("outcome", "voicemail");
        assertProblem(postCall(agent, agentLead, changed, key), 422, "idempotency-key-reused");
        // Another lead is another path: the key cannot be moved to it.
        UUID otherLead = CrmRows.lead(org, agent.id(), null, "Second target");
        assertProblem(postCall(agent, otherLead, call(summary), key), 422, "idempotency-key-reused");
        assertThat(callsWithSummary(summary)).isEqualTo(1);

        Fixtures.exec("""
                update public.idempotency_keys set created_at = now() - interval '2 days', expires_at = now() - interval '1 second'
                 where user_id = ? and key = ?""", agent.id(), key);
        var anew = postCall(agent, agentLead, call(summary), key);
        assertThat(anew.status()).isEqualTo(201);
        assertThat(anew.json().get("id").asString()).isNotEqualTo(id);
        assertThat(callsWithSummary(summary)).isEqualTo(2);
    }

    @Test
    void concurrentCallsWithOneKeyCreateExactlyOne() throws Exception {
        String summary = "race-" + UUID.randomUUID();
        String key = key();
        int n = 10;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return postCall(agent, agentLead, call(summary), key);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                statuses.add(f.get(60, TimeUnit.SECONDS).status());
            }
            assertThat(statuses).containsAnyOf(201).allMatch(s -> s == 201 || s == 409);
            assertThat(callsWithSummary(summary)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- authorization is untouched by the key ---------------------------------------------------

    @Test
    void aKeyChangesNoAuthorizationAnswer() {
        String key = key();
        String summary = "authz-" + UUID.randomUUID();
        // No token: 401 before anything is reserved.
        var anonymous = http.post(LEADS, lead(marker()), IdempotencyKey.HEADER, key);
        assertThat(anonymous.status()).isEqualTo(401);
        // Another org's admin and a user who does not own the lead: 404, as without a key, and the
        // key stays unused (it is theirs to use for something else).
        assertProblem(postCall(otherAdmin, agentLead, call(summary), key), 404, "not-found");
        assertProblem(postCall(user, agentLead, call(summary), key), 404, "not-found");
        assertThat(CrmRows.ownerCount("select count(*) from public.idempotency_keys where key = ?", key)).isZero();
        assertThat(callsWithSummary(summary)).isZero();
        // The agent's own use of the same key value is unaffected by those attempts.
        assertThat(postCall(agent, agentLead, call(summary), key).status()).isEqualTo(201);
        // Once the agent used it, others probing the same key value on the same path still get their own answer.
        assertProblem(postCall(otherAdmin, agentLead, call(summary), key), 404, "not-found");
        assertProblem(postCall(user, agentLead, call(summary), key), 404, "not-found");
        assertThat(callsWithSummary(summary)).isEqualTo(1);
    }

    @Test
    void aNonUuidLeadIdIsStill404() {
        var r = http.post(LEADS + "/not-a-uuid/calls", call("x"), "Authorization", agent.bearer(), IdempotencyKey.HEADER, key());
        assertThat(r.status()).isEqualTo(404);
    }
}

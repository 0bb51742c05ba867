package com.leadignite.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API inventory as an authorization matrix (OWASP API5/API9): every endpoint the application maps
 * must have a row here saying what each kind of caller gets, and each row is driven over real HTTP.
 * A new endpoint without a row fails {@link #everyMappedEndpointHasARow}; a row whose endpoint is gone
 * fails too (unless marked {@link Row#outsideMvc()}, e.g. actuator).
 *
 * <p>To add an endpoint: one line in {@link #ROWS} ({@code "METHOD /path/{template}"}, then the expected
 * status for admin, agent, user, another org's admin, no token), plus {@code .body(json)} when it takes
 * one. Path variables are filled from {@link #ids}: the longest registered path prefix wins, and a
 * template with no registered prefix gets a random UUID (so 404 is what the owning org's admin sees).
 */
class AuthorizationMatrixTest extends TwoOrgTest {

    //                                                              admin agent user  other anon
    static final List<Row> ROWS = List.of(
            // ---- public -------------------------------------------------------------------------------
            row("GET /.well-known/jwks.json",                          200, 200, 200, 200, 200),
            row("GET /auth/v1/.well-known/jwks.json",                  200, 200, 200, 200, 200),
            row("GET /actuator/health",                                200, 200, 200, 200, 200).outsideMvc(),
            // The static browser app: public files, no data (it signs in by itself).
            row("GET /app",                                            302, 302, 302, 302, 302),
            row("GET /app/",                                           200, 200, 200, 200, 200),
            row("GET /app/{name}",                                     404, 404, 404, 404, 404),
            row("GET /v3/api-docs",                                    200, 200, 200, 200, 200),
            row("GET /v3/api-docs.yaml",                               200, 200, 200, 200, 200),
            // Public capture: the form key, not the bearer token, is what counts; none is sent here.
            row("POST /api/v1/public/lead-capture",                    401, 401, 401, 401, 401)
                    .body("{\"first_name\":\"Ada\",\"email\":\"ada@example.test\"}"),
            // ---- the caller's organization -------------------------------------------------------------
            row("GET /api/v1/org",                                     200, 200, 200, 200, 401),
            row("PATCH /api/v1/org",                                   200, 403, 403, 200, 401).body("{\"name\":\"Matrix Org\"}"),
            // ---- users ----------------------------------------------------------------------------------
            row("GET /api/v1/users",                                   200, 403, 403, 200, 401),
            row("GET /api/v1/users/{id}",                              200, 403, 403, 404, 401),
            row("PATCH /api/v1/users/{id}/role",                       200, 403, 403, 404, 401).body("{\"role\":\"agent\"}"),
            row("POST /api/v1/users/{id}/lock",                        200, 403, 403, 404, 401),
            row("POST /api/v1/users/{id}/unlock",                      200, 403, 403, 404, 401),
            // ---- invitations ----------------------------------------------------------------------------
            row("POST /api/v1/invitations",                            201, 403, 403, 201, 401)
                    .body("{\"email\":\"matrix@example.test\",\"role\":\"user\"}"),
            row("GET /api/v1/invitations",                             200, 403, 403, 200, 401),
            row("GET /api/v1/invitations/{id}",                        200, 403, 403, 404, 401),
            row("DELETE /api/v1/invitations/{id}",                     204, 403, 403, 404, 401),
            // ---- form keys ------------------------------------------------------------------------------
            row("POST /api/v1/form-keys",                              201, 403, 403, 201, 401).body("{\"allowed_origins\":[]}"),
            row("GET /api/v1/form-keys",                               200, 403, 403, 200, 401),
            row("DELETE /api/v1/form-keys/{id}",                       204, 403, 403, 404, 401),
            // ---- leads and calls (seeded lead: the admin's own, unassigned) ------------------------------
            row("GET /api/v1/leads",                                   200, 200, 200, 200, 401),
            row("POST /api/v1/leads",                                  201, 201, 201, 201, 401)
                    .body("{\"first_name\":\"Ada\",\"email\":\"ada@example.test\"}"),
            row("GET /api/v1/leads/{id}",                              200, 404, 404, 404, 401),
            row("PATCH /api/v1/leads/{id}",                            200, 404, 404, 404, 401).body("{\"company\":\"Acme\"}"),
            row("POST /api/v1/leads/{id}/assign",                      200, 403, 403, 404, 401).body("{\"agent_id\":null}"),
            row("GET /api/v1/leads/{leadId}/calls",                    200, 404, 404, 404, 401),
            row("POST /api/v1/leads/{leadId}/calls",                   201, 404, 404, 404, 401)
                    .body("{\"direction\":\"outbound\",\"started_at\":\"2026-01-01T00:00:00Z\"}"),
            row("GET /api/v1/calls/{id}",                              200, 404, 404, 404, 401),
            row("DELETE /api/v1/leads/{id}",                           204, 403, 403, 404, 401),
            // ---- assistants -----------------------------------------------------------------------------
            row("GET /api/v1/assistants",                              200, 200, 200, 200, 401),
            row("POST /api/v1/assistants",                             201, 403, 403, 201, 401)
                    .body("{\"name\":\"Bot\",\"provider\":\"vapi\"}"),
            row("GET /api/v1/assistants/{id}",                         200, 200, 200, 404, 401),
            row("PATCH /api/v1/assistants/{id}",                       200, 403, 403, 404, 401).body("{\"name\":\"Bot 2\"}"),
            // No Vapi key stored here: a 409 once authorized (before the assistant is deleted below).
            row("POST /api/v1/assistants/{id}/publish",                409, 403, 403, 404, 401),
            row("DELETE /api/v1/assistants/{id}",                      204, 403, 403, 404, 401),
            // ---- webhook endpoints (admin + step-up) and the signed receiver ----------------------------
            row("POST /api/v1/webhook-endpoints",                      201, 403, 403, 201, 401).body("{\"provider\":\"vapi\"}"),
            row("GET /api/v1/webhook-endpoints",                       200, 403, 403, 200, 401),
            row("GET /api/v1/webhook-endpoints/{id}/events",           200, 403, 403, 404, 401),
            row("POST /api/v1/webhook-endpoints/{id}/rotate",          200, 403, 403, 404, 401),
            row("DELETE /api/v1/webhook-endpoints/{id}",               204, 403, 403, 404, 401),
            // Public, authenticated by signature only: no such endpoint here, whoever calls.
            row("POST /webhooks/{provider}/{endpointId}",              404, 404, 404, 404, 404).body("{}"),
            // ---- integrations (admin + step-up; {provider} is no provider here, so 404 for the signed-in) --
            row("GET /api/v1/integrations",                            200, 403, 403, 200, 401),
            row("POST /api/v1/integrations/ghl/connect",               200, 403, 403, 200, 401),
            // Without a state of the caller's: a 400 for admins.
            row("GET /api/v1/integrations/ghl/callback",               400, 403, 403, 400, 401),
            row("PUT /api/v1/integrations/{provider}",                 404, 404, 404, 404, 401).body("{\"api_key\":\"k_12345678\"}"),
            row("POST /api/v1/integrations/{provider}/rotate",         404, 404, 404, 404, 401),
            row("DELETE /api/v1/integrations/{provider}",              404, 404, 404, 404, 401),
            // Nobody here has connected GoHighLevel: 409 once authorized.
            row("POST /api/v1/integrations/ghl/import",                409, 403, 403, 409, 401),
            row("POST /api/v1/leads/{id}/dial",                        404, 404, 403, 404, 401)
                    .body("{\"assistant_id\":\"00000000-0000-4000-8000-000000000000\"}"),
            // ---- /auth/v1 (GoTrue-compatible) -----------------------------------------------------------
            row("POST /auth/v1/signup",                                400, 400, 400, 400, 400).body("{}"),
            row("POST /auth/v1/token",                                 400, 400, 400, 400, 400).body("{}"),
            // Social login: without provider and PKCE, or without a state, there is nothing to start or finish.
            // Public: the same list of provider names for anyone.
            row("GET /auth/v1/providers",                              200, 200, 200, 200, 200),
            row("GET /auth/v1/authorize",                              400, 400, 400, 400, 400),
            row("GET /auth/v1/callback",                               400, 400, 400, 400, 400),
            // Public: the same answer for anyone, about any address.
            row("POST /auth/v1/recover",                               200, 200, 200, 200, 200)
                    .body("{\"email\":\"matrix@example.test\"}"),
            row("POST /auth/v1/resend",                                200, 200, 200, 200, 200)
                    .body("{\"type\":\"signup\",\"email\":\"matrix@example.test\"}"),
            row("POST /auth/v1/verify",                                403, 403, 403, 403, 403)
                    .body("{\"type\":\"recovery\",\"token_hash\":\"not-a-mailed-token\"}"),
            row("GET /auth/v1/user",                                   200, 200, 200, 200, 401),
            row("PUT /auth/v1/user",                                   200, 200, 200, 200, 401)
                    .body("{\"data\":{\"full_name\":\"Matrix\"}}"),
            // A reauthentication code for the caller's own session, whoever they are.
            row("GET /auth/v1/reauthenticate",                         200, 200, 200, 200, 401),
            // Fixture users have no password: a wrong one is refused for everyone.
            row("POST /auth/v1/reauthenticate",                        400, 400, 400, 400, 401)
                    .body("{\"password\":\"not-the-password-123\"}"),
            // MFA factors: anyone signed in enrolls their own; an id of nobody's (or another user's) factor is 404.
            row("POST /auth/v1/factors",                               200, 200, 200, 200, 401).body("{\"factor_type\":\"totp\"}"),
            row("POST /auth/v1/factors/{id}/challenge",                404, 404, 404, 404, 401),
            row("POST /auth/v1/factors/{id}/verify",                   404, 404, 404, 404, 401)
                    .body("{\"challenge_id\":\"00000000-0000-4000-8000-000000000000\",\"code\":\"123456\"}"),
            row("DELETE /auth/v1/factors/{id}",                        404, 404, 404, 404, 401),
            // ---- audit ----------------------------------------------------------------------------------
            row("GET /api/v1/audit-events",                            200, 403, 403, 200, 401),
            row("GET /api/v1/audit-events/verify",                     200, 403, 403, 200, 401),
            // admin with step-up; another org's admin gets their own org's export
            row("GET /api/v1/audit-events/export",                     200, 403, 403, 200, 401),
            // ---- alerts (admins, own org) -----------------------------------------------------------------
            row("GET /api/v1/admin/alerts",                            200, 403, 403, 200, 401),
            // ---- operator (admins of leadignite.operator-org-id only; not this test's orgs) -----------------
            row("POST /api/v1/admin/keys/rotate",                      403, 403, 403, 403, 401).body("{\"kind\":\"jwt\"}"),
            // ---- framework ------------------------------------------------------------------------------
            row("* /error",                                              0,   0,   0,   0,   0)
                    .notDriven("servlet error dispatch target, not an API endpoint; its direct answer belongs to the error pipeline"),
            // Last: it ends each caller's session.
            row("POST /auth/v1/logout",                                204, 204, 204, 204, 401));

    static final List<String> COLUMNS = List.of("admin", "agent", "user", "other_org_admin", "anonymous");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    Map<String, TestUser> callers;
    /** Path prefix → id of a resource of {@code org} to put into that template's path variable. */
    Map<String, String> ids;

    @BeforeEach
    void setUp() {
        callers = new LinkedHashMap<>();
        callers.put("anonymous", null);
        callers.put("user", user);
        callers.put("agent", agent);
        callers.put("other_org_admin", otherAdmin);
        callers.put("admin", admin);
        TestUser target = agent2();

        ids = new LinkedHashMap<>();
        ids.put("/api/v1/users", target.id().toString());
        ids.put("/api/v1/invitations", http.post("/api/v1/invitations", Map.of("email", "seed@example.test", "role", "user"),
                "Authorization", admin.bearer()).json().get("id").asString());
        ids.put("/api/v1/form-keys", http.post("/api/v1/form-keys", Map.of("allowed_origins", List.of()),
                "Authorization", admin.bearer()).json().get("id").asString());
        String lead = http.post("/api/v1/leads", Map.of("first_name", "Seed", "email", "seed@example.test"),
                "Authorization", admin.bearer()).json().get("id").asString();
        ids.put("/api/v1/leads", lead);
        ids.put("/api/v1/calls", http.post("/api/v1/leads/" + lead + "/calls",
                Map.of("direction", "inbound", "started_at", "2026-01-01T00:00:00Z"),
                "Authorization", admin.bearer()).json().get("id").asString());
        ids.put("/api/v1/assistants", http.post("/api/v1/assistants", Map.of("name", "Seed", "provider", "vapi"),
                "Authorization", admin.bearer()).json().get("id").asString());
        ids.put("/api/v1/webhook-endpoints", http.post("/api/v1/webhook-endpoints", Map.of("provider", "vapi"),
                "Authorization", admin.bearer()).json().get("id").asString());
    }

    @Test
    void everyMappedEndpointHasARow() {
        Set<String> mapped = mappedEndpoints();
        Set<String> covered = new TreeSet<>();
        ROWS.forEach(r -> covered.add(r.endpoint()));
        Set<String> missing = new TreeSet<>(mapped);
        missing.removeAll(covered);
        assertThat(missing).as("mapped endpoints without a row in AuthorizationMatrixTest.ROWS").isEmpty();
        Set<String> stale = new TreeSet<>();
        ROWS.stream().filter(r -> !r.external() && !mapped.contains(r.endpoint())).forEach(r -> stale.add(r.endpoint()));
        assertThat(stale).as("rows for endpoints that are no longer mapped").isEmpty();
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheMatrixSays() {
        List<String> failures = new ArrayList<>();
        for (Row row : ROWS) {
            if (row.notDrivenReason() != null) {
                continue;
            }
            String path = fill(row.path());
            // Admin last: its calls may change the resource (DELETE, lock).
            for (var caller : List.of("anonymous", "user", "agent", "other_org_admin", "admin")) {
                int expected = row.expected()[COLUMNS.indexOf(caller)];
                int actual = call(row, path, callers.get(caller));
                if (actual != expected) {
                    failures.add(row.endpoint() + " as " + caller + ": expected " + expected + " but was " + actual);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    // ---- machinery -----------------------------------------------------------------------------

    private int call(Row row, String path, TestUser who) {
        HttpRequest.Builder b = http.request(path);
        if (row.body() != null) {
            b.header("Content-Type", "application/json").method(row.method(), HttpRequest.BodyPublishers.ofString(row.body()));
        } else {
            b.method(row.method(), HttpRequest.BodyPublishers.noBody());
        }
        return who == null ? http.send(b).status() : http.send(b, "Authorization", who.bearer()).status();
    }

    private String fill(String template) {
        if (!template.contains("{")) {
            return template;
        }
        String best = null;
        for (String prefix : ids.keySet()) {
            if (template.startsWith(prefix + "/") && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        String value = best == null ? UUID.randomUUID().toString() : ids.get(best);
        return template.replaceAll("\\{[^}/]+}", value);
    }

    private Set<String> mappedEndpoints() {
        Set<String> out = new TreeSet<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("*");
            }
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/test-only/")) {
                    continue; // probes that exist only in the test build
                }
                methods.forEach(m -> out.add(m + " " + pattern));
            }
        }
        return out;
    }

    static Row row(String endpoint, int admin, int agent, int user, int otherOrgAdmin, int anonymous) {
        return new Row(endpoint, new int[] {admin, agent, user, otherOrgAdmin, anonymous}, null, false, null);
    }

    /** One line of the matrix. Expected statuses in the order admin, agent, user, other org's admin, no token. */
    record Row(String endpoint, int[] expected, String body, boolean external, String notDrivenReason) {
        String method() {
            return endpoint.substring(0, endpoint.indexOf(' '));
        }

        String path() {
            return endpoint.substring(endpoint.indexOf(' ') + 1);
        }

        Row body(String json) {
            return new Row(endpoint, expected, json, external, notDrivenReason);
        }

        /** Served outside Spring MVC's request mappings (actuator): driven, but not enumerated. */
        Row outsideMvc() {
            return new Row(endpoint, expected, body, true, notDrivenReason);
        }

        /** Listed so the inventory is complete, but not driven, for the stated reason. */
        Row notDriven(String reason) {
            return new Row(endpoint, expected, body, external, reason);
        }
    }
}

package com.leadignite.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The one not-found rule of path ids, over every {@code {id}} route the OpenAPI document lists (API.md
 * §0): a path id that is no UUID, too long, or another spelling of an unknown one (percent-encoded,
 * upper case) answers exactly like an unknown id: the same status, the same problem, and the same number
 * of {@code access_denied} audit rows. A trailing slash reaches no route (the same 404 problem, nothing
 * audited); a {@code ;} parameter or a doubled slash is refused by the firewall (one 400 for all).
 */
class PathIdVariantsTest extends TwoOrgTest {

    /** Minimal valid bodies, from the authorization matrix, so a route reaches its id lookup. */
    private static final Map<String, String> BODIES = new LinkedHashMap<>();

    static {
        AuthorizationMatrixTest.ROWS.forEach(r -> {
            if (r.body() != null) {
                BODIES.put(r.method() + " " + r.path(), r.body());
            }
        });
    }

    record Route(String method, String template, List<String> idParameters) {
        String name() {
            return method + " " + template;
        }
    }

    record Answer(int status, String type, String title, String detail, long deniedRows) {
    }

    @Test
    void everyIdRouteAnswersEverySpellingOfAnUnknownIdAlike() {
        List<Route> routes = idRoutes();
        assertThat(routes).as("{id} routes in the OpenAPI document").hasSizeGreaterThan(15);
        List<String> failures = new ArrayList<>();
        for (Route route : routes) {
            for (String id : route.idParameters()) {
                String unknown = UUID.randomUUID().toString();
                Answer baseline = call(route, id, unknown, "");
                if (baseline.status() != 404) {
                    failures.add(route.name() + ": an unknown id answers " + baseline.status());
                    continue;
                }
                // Spellings that reach the route: exactly an unknown id's answer, audit row included.
                Map<String, String[]> routed = new LinkedHashMap<>();
                routed.put("not a UUID", new String[] {"not-a-uuid", ""});
                routed.put("too long", new String[] {unknown + "0", ""});
                routed.put("lenient UUID form", new String[] {"1-2-3-4-5", ""});
                routed.put("percent-encoded", new String[] {percentEncoded(unknown), ""});
                routed.put("upper case", new String[] {unknown.toUpperCase(Locale.ROOT), ""});
                routed.forEach((what, spelling) -> {
                    Answer a = call(route, id, spelling[0], spelling[1]);
                    if (!a.equals(baseline)) {
                        failures.add(route.name() + " {" + id + "} " + what + ": " + a + " but an unknown id: " + baseline);
                    }
                });
                // A trailing slash names no route (paths match exactly): the same 404 problem, before any
                // handler, so nothing to audit.
                Answer trailing = call(route, id, unknown, "/");
                Answer expected = new Answer(404, baseline.type(), baseline.title(), baseline.detail(), 0);
                if (!trailing.equals(expected)) {
                    failures.add(route.name() + " {" + id + "} trailing slash: " + trailing + " but expected " + expected);
                }
                // ";" parameters and doubled slashes are refused by the firewall before routing (README,
                // Abuse prevention): the one 400 problem for every route and id, nothing audited.
                for (String[] spelling : List.of(new String[] {unknown + ";v=1", ""}, new String[] {unknown, "//"})) {
                    Answer a = call(route, id, spelling[0], spelling[1]);
                    if (a.status() != 400 || !a.type().endsWith("/bad-request") || a.deniedRows() != 0) {
                        failures.add(route.name() + " {" + id + "} " + String.join("", spelling) + ": " + a);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Routes of the live document with a path parameter of format uuid (documented: the binding says so). */
    private List<Route> idRoutes() {
        Http.Response r = http.get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        List<Route> out = new ArrayList<>();
        r.json().get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (!List.of("get", "post", "put", "patch", "delete").contains(m.getKey()) || p.getKey().startsWith("/test-only")) {
                return;
            }
            List<String> ids = new ArrayList<>();
            JsonNode params = m.getValue().path("parameters");
            for (JsonNode param : params) {
                if ("path".equals(param.path("in").asString()) && "uuid".equals(param.path("schema").path("format").asString())) {
                    ids.add(param.path("name").asString());
                }
            }
            if (!ids.isEmpty()) {
                out.add(new Route(m.getKey().toUpperCase(Locale.ROOT), p.getKey(), ids));
            }
        }));
        return out;
    }

    /**
     * Calls {@code route} as the org's admin with {@code raw} in the path parameter {@code id} (other
     * path parameters: another unknown UUID, or {@code vapi} for a provider) and {@code slashes} after
     * it (doubled before it when {@code //}).
     */
    private Answer call(Route route, String id, String raw, String slashes) {
        long before = deniedRows();
        String path = route.template();
        for (String other : route.idParameters()) {
            if (!other.equals(id)) {
                path = path.replace("{" + other + "}", UUID.randomUUID().toString());
            }
        }
        path = path.replaceAll("\\{provider}", "vapi");
        if (slashes.equals("//")) {
            path = path.replace("/{" + id + "}", "//{" + id + "}");
        }
        path = path.replace("{" + id + "}", raw) + (slashes.equals("/") ? "/" : "");
        assertThat(path).doesNotContain("{");
        String body = BODIES.get(route.name());
        HttpRequest.Builder b = http.request(path);
        if (body != null) {
            b.header("Content-Type", "application/json").method(route.method(), HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(route.method(), HttpRequest.BodyPublishers.noBody());
        }
        Http.Response r = http.send(b, "Authorization", admin.bearer());
        // Refusals are audited on the request's thread once its connection is back in the pool, before it answers.
        long rows = deniedRows() - before;
        JsonNode json = r.body().isEmpty() ? null : r.json();
        return new Answer(r.status(), text(json, "type"), text(json, "title"), text(json, "detail"), rows);
    }

    private static String text(JsonNode json, String field) {
        return json == null || json.get(field) == null ? null : json.get(field).asString();
    }

    private static String percentEncoded(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(String.format("%%%02X", (int) c));
        }
        return out.toString();
    }

    private long deniedRows() {
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement(
                     "select count(*) from public.audit_events where org_id = ? and action = 'access_denied'")) {
            ps.setObject(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

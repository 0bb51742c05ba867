package com.leadignite.auth;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** Drives {@code /auth/v1} over real HTTP for the auth tests and remembers every org it creates. */
final class AuthTestClient {

    static final String PASSWORD = "Glacier-Pencil-Orbit-42";

    final Http http;
    private final Set<UUID> orgs = ConcurrentHashMap.newKeySet();

    AuthTestClient(int port) {
        this.http = new Http(port);
    }

    static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
    }

    Http.Response signUpRaw(Object body, String... headers) {
        Http.Response r = http.post("/auth/v1/signup", body, headers);
        remember(r);
        return r;
    }

    /** Signs up a new org; returns the session JSON (asserts success). */
    JsonNode signUpOrg(String email, String password) {
        Http.Response r = signUpRaw(Map.of("email", email, "password", password, "data", Map.of("org_name", "Acme " + email)));
        if (r.status() != 200) {
            throw new AssertionError("sign-up failed: " + r.status() + " " + r.body());
        }
        return r.json();
    }

    JsonNode signUpOrg() {
        return signUpOrg(email("owner"), PASSWORD);
    }

    Http.Response signIn(String email, String password, String... headers) {
        return http.post("/auth/v1/token?grant_type=password", Map.of("email", email, "password", password), headers);
    }

    Http.Response refresh(String refreshToken, String... headers) {
        return http.post("/auth/v1/token?grant_type=refresh_token", Map.of("refresh_token", refreshToken), headers);
    }

    Http.Response getUser(String accessToken, String... headers) {
        return http.get("/auth/v1/user", concat(headers, "Authorization", "Bearer " + accessToken));
    }

    Http.Response putUser(String accessToken, Object body, String... headers) {
        return http.put("/auth/v1/user", body, concat(headers, "Authorization", "Bearer " + accessToken));
    }

    Http.Response logout(String accessToken, String scope) {
        return http.post("/auth/v1/logout" + (scope == null ? "" : "?scope=" + scope), null,
                "Authorization", "Bearer " + accessToken);
    }

    static String[] concat(String[] headers, String... more) {
        String[] out = new String[headers.length + more.length];
        System.arraycopy(headers, 0, out, 0, headers.length);
        System.arraycopy(more, 0, out, headers.length, more.length);
        return out;
    }

    void remember(Http.Response r) {
        if (r.status() == 200 && r.body() != null && r.body().contains("org_id")) {
            JsonNode user = r.json().has("user") ? r.json().get("user") : r.json();
            orgs.add(UUID.fromString(user.get("app_metadata").get("org_id").asString()));
        }
    }

    void remember(UUID orgId) {
        orgs.add(orgId);
    }

    void cleanUp(Fixtures fixtures) {
        orgs.forEach(fixtures::deleteOrg);
        orgs.clear();
    }

    static UUID orgOf(JsonNode session) {
        return UUID.fromString(session.get("user").get("app_metadata").get("org_id").asString());
    }

    static UUID userOf(JsonNode session) {
        return UUID.fromString(session.get("user").get("id").asString());
    }

    /** Audit rows as the owner sees them, oldest first: {action, outcome, org_id, actor_id, entity_type, entity_id, details}. */
    static List<Map<String, String>> audit(String where, Object... args) {
        List<Map<String, String>> out = new ArrayList<>();
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement("""
                     select action, outcome, org_id::text, actor_id::text, entity_type, entity_id, details::text
                       from public.audit_events""" + " where " + where + " order by seq")) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("action", rs.getString(1));
                    m.put("outcome", rs.getString(2));
                    m.put("org_id", rs.getString(3));
                    m.put("actor_id", rs.getString(4));
                    m.put("entity_type", rs.getString(5));
                    m.put("entity_id", rs.getString(6));
                    m.put("details", rs.getString(7));
                    out.add(m);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static Object scalar(String sql, Object... args) {
        try (Connection c = TestDatabase.owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

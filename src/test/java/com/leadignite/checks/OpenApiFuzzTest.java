package com.leadignite.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import com.leadignite.support.TwoOrgTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fuzz pass driven by the live OpenAPI document: every operation it lists gets a request built from
 * its schemas, then hostile variants (wrong types, NUL and lone surrogates, values far over their
 * limits, deep nesting, unknown members, broken JSON and UTF-8, odd path and query values, another
 * org's ids), as each role (admin, agent, user of one org, the admin of another org, nobody). No answer
 * may be a 5xx, carry a stack trace, SQL or driver text, a password hash, a private key or the
 * caller's own token, or set a cookie. The generator is seeded, so a failure repeats.
 */
class OpenApiFuzzTest extends TwoOrgTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Pattern LEAK = Pattern.compile(
            "\\bat (?:com|org|java|jdk|sun|tools)\\.[\\w$.]+\\(|\\b[A-Z]\\w*(?:Exception|Error)\\b|org\\.postgresql|"
                    + "(?i:SQLState|syntax error at or near|duplicate key value|violates [\\w-]+ constraint|\\brelation \")|"
                    + "\\$argon2|password_hash|-----BEGIN|\"d\"\\s*:\\s*\"");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    /** Only these answers may hand out a token: they exist to. */
    private static final List<String> ISSUES_TOKENS = List.of("POST /auth/v1/signup", "POST /auth/v1/token",
            "POST /api/v1/invitations/accept", "POST /auth/v1/invite/accept");

    private final Random random = new Random(16);
    /** Ids the admin created, by collection path (e.g. /api/v1/leads), for path parameters. */
    private final Map<String, String> created = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    private JsonNode doc;
    private int requests;

    record Operation(String method, String path, JsonNode op) {
        String name() {
            return method.toUpperCase() + " " + path;
        }
    }

    enum Caller { ADMIN, AGENT, USER, OTHER_ORG_ADMIN, ANONYMOUS }

    @AfterEach
    void deleteSignedUpOrgs() throws Exception {
        List<UUID> orgs = new ArrayList<>();
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement("select id from public.organizations where name like ?")) {
            ps.setString(1, "%fuzz" + RUN + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orgs.add(rs.getObject(1, UUID.class));
                }
            }
        }
        orgs.forEach(fixtures::deleteOrg);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyOperationWithEveryRoleAndHostileInputAnswersWithoutA5xxOrALeak() {
        var r = http.get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        doc = r.json();
        List<Operation> ops = new ArrayList<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (!p.getKey().startsWith("/test-only") && List.of("get", "post", "put", "patch", "delete").contains(m.getKey())) {
                ops.add(new Operation(m.getKey(), p.getKey(), m.getValue()));
            }
        }));
        assertThat(ops).hasSizeGreaterThan(40);
        // Creates first (their ids feed the path parameters of the rest), deletes last.
        ops.sort(Comparator.comparingInt((Operation o) -> switch (o.method()) {
            case "post" -> o.path().contains("{") ? 1 : 0;
            case "delete" -> 3;
            default -> 2;
        }).thenComparing(Operation::path));

        for (Operation op : ops) {
            for (Caller caller : Caller.values()) {
                fuzz(op, caller);
            }
        }
        assertThat(failures).as("%d requests; statuses %s", requests, statuses).isEmpty();
        // The pass reached the handlers, not only the gates in front of them.
        assertThat(statuses.keySet()).contains(200, 201, 204, 400, 401, 403, 404);
        assertThat(requests).isGreaterThan(3000);
    }

    private void fuzz(Operation op, Caller caller) {
        String token = token(caller);
        JsonNode bodySchema = requestSchema(op);
        Map<String, String> path = validPathValues(op);
        String query = validQuery(op);

        // The valid request.
        JsonNode valid = bodySchema == null ? null : generate(bodySchema, "", 0);
        Http.Response first = send(op, caller, token, fill(op.path(), path) + query, valid == null ? null : valid.toString(), false);
        if (caller == Caller.ADMIN && op.method().equals("post") && first != null && first.status() == 201) {
            remember(op.path(), first);
        }

        // Every hostile variant as the caller most likely to get past the gates (the admin; nobody on a
        // public route); the other callers get the structural ones.
        boolean full = caller == (isPublic(op) ? Caller.ANONYMOUS : Caller.ADMIN);
        // Hostile bodies.
        if (bodySchema != null) {
            String at = fill(op.path(), path) + query;
            for (String body : hostileBodies(valid, full)) {
                send(op, caller, token, at, body, false);
            }
            send(op, caller, token, at, null, true); // bytes that are not UTF-8
        }
        // Hostile path parameters, one at a time.
        for (String name : path.keySet()) {
            for (String bad : full ? hostilePathValues() : hostilePathValues().subList(0, 5)) {
                Map<String, String> p = new LinkedHashMap<>(path);
                p.put(name, bad);
                send(op, caller, token, fill(op.path(), p) + query, valid == null ? null : valid.toString(), false);
            }
        }
        // Hostile query parameters, one at a time.
        for (JsonNode param : full ? parameters(op, "query") : List.<JsonNode>of()) {
            for (String bad : List.of("-1", "0", "99999999999999999999999", "abc", "%00", "%ED%A0%80", "x".repeat(4000),
                    enc("' or '1'='1"), "1e400", "")) {
                send(op, caller, token, fill(op.path(), path) + "?" + param.get("name").asString() + "=" + bad,
                        valid == null ? null : valid.toString(), false);
            }
        }
    }

    private String token(Caller caller) {
        // A fresh session per operation: a sign-out or role change one operation makes never blinds the next.
        TestUser u = switch (caller) {
            case ADMIN -> admin;
            case AGENT -> agent;
            case USER -> user;
            case OTHER_ORG_ADMIN -> otherAdmin;
            case ANONYMOUS -> null;
        };
        if (u == null) {
            return null;
        }
        return fixtures.token(u.id(), u.orgId(), u.role(), u.email(), fixtures.newSession(u.id()), java.time.Instant.now());
    }

    private Http.Response send(Operation op, Caller caller, String token, String target, String body, boolean brokenUtf8) {
        HttpRequest.Builder b = http.request(target);
        HttpRequest.BodyPublisher publisher = brokenUtf8
                ? HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 'f', 'i', 'r', 's', 't', '_', 'n', 'a', 'm', 'e', '"', ':', '"',
                        (byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF, '"', '}'})
                : body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        b.method(op.method().toUpperCase(), publisher);
        if (body != null || brokenUtf8) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (op.path().startsWith("/auth/v1")) {
            b.header("apikey", "public-anon-key");
        }
        Http.Response r;
        try {
            r = http.send(b);
        } catch (IllegalStateException e) {
            failures.add(caller + " " + op.name() + " " + abbreviate(target) + ": no answer (" + e.getCause() + ")");
            return null;
        }
        requests++;
        statuses.merge(r.status(), 1, Integer::sum);
        String what = caller + " " + op.name() + " " + abbreviate(target) + " body " + abbreviate(body) + " -> " + r.status();
        String text = r.body() == null ? "" : r.body();
        if (r.status() >= 500) {
            failures.add(what + ": " + abbreviate(text));
        }
        var leak = LEAK.matcher(text);
        if (leak.find()) {
            failures.add(what + ": leaks '" + leak.group() + "' in " + abbreviate(text));
        }
        if (token != null && text.contains(token)) {
            failures.add(what + ": echoes the caller's token");
        }
        if (JWT.matcher(text).find() && !ISSUES_TOKENS.contains(op.name())) {
            failures.add(what + ": answers with a token");
        }
        if (r.raw().headers().firstValue("Set-Cookie").isPresent()) {
            failures.add(what + ": sets a cookie");
        }
        return r;
    }

    private void remember(String path, Http.Response r) {
        JsonNode json = r.json();
        if (json.hasNonNull("id")) {
            created.putIfAbsent(path, json.get("id").asString());
        }
    }

    private Map<String, String> validPathValues(Operation op) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode param : parameters(op, "path")) {
            String name = param.get("name").asString();
            JsonNode schema = resolve(param.get("schema"));
            String prefix = op.path().substring(0, op.path().indexOf("{" + name + "}"));
            String collection = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            if (schema.has("enum")) {
                values.put(name, schema.get("enum").get(0).asString());
            } else if (created.containsKey(collection)) {
                values.put(name, created.get(collection));
            } else {
                values.put(name, generate(schema, name, 0).asString());
            }
        }
        return values;
    }

    private String validQuery(Operation op) {
        StringBuilder q = new StringBuilder();
        for (JsonNode param : parameters(op, "query")) {
            if (param.path("required").asBoolean(false)) {
                JsonNode schema = resolve(param.get("schema"));
                q.append(q.isEmpty() ? "?" : "&").append(param.get("name").asString()).append('=')
                        .append(enc(generate(schema, param.get("name").asString(), 0).asString()));
            }
        }
        return q.toString();
    }

    private List<JsonNode> parameters(Operation op, String in) {
        List<JsonNode> out = new ArrayList<>();
        op.op().path("parameters").forEach(p -> {
            JsonNode param = resolve(p);
            if (in.equals(param.path("in").asString())) {
                out.add(param);
            }
        });
        return out;
    }

    private JsonNode requestSchema(Operation op) {
        JsonNode content = op.op().path("requestBody").path("content");
        JsonNode json = content.path("application/json");
        return json.isMissingNode() ? null : resolve(json.get("schema"));
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema != null && schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            schema = doc.at(ref.substring(1));
        }
        return schema;
    }

    /** A value the schema accepts; a few member names get realistic values their rules need. */
    private JsonNode generate(JsonNode schema, String name, int depth) {
        schema = resolve(schema);
        if (schema == null || depth > 6) {
            return NODES.nullNode();
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (schema.has(combinator)) {
                return generate(schema.get(combinator).get(0), name, depth + 1);
            }
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").isArray() ? schema.get("type").get(0).asString() : schema.path("type").asString("object");
        switch (type) {
            case "object": {
                ObjectNode o = NODES.objectNode();
                schema.path("properties").properties().forEach(p -> o.set(p.getKey(), generate(p.getValue(), p.getKey(), depth + 1)));
                return o;
            }
            case "array": {
                ArrayNode a = NODES.arrayNode();
                a.add(generate(schema.get("items"), name, depth + 1));
                return a;
            }
            case "integer":
            case "number": {
                long min = schema.path("minimum").asLong(0);
                long max = schema.path("maximum").asLong(min + 100);
                return NODES.numberNode(Math.max(min, Math.min(max, min + 1)));
            }
            case "boolean":
                return NODES.booleanNode(false);
            default:
                return NODES.stringNode(string(schema, name));
        }
    }

    private String string(JsonNode schema, String name) {
        String format = schema.path("format").asString("");
        String n = name.toLowerCase();
        String value;
        if (format.equals("uuid")) {
            value = UUID.randomUUID().toString();
        } else if (format.equals("date-time") || n.endsWith("_at")) {
            value = "2026-01-01T00:00:00Z";
        } else if (format.equals("email") || n.contains("email")) {
            value = "fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        } else if (n.contains("password")) {
            value = "Fuzz-Pass-" + UUID.randomUUID();
        } else if (format.equals("uri") || n.contains("url")) {
            value = "https://hooks.example.test/fuzz";
        } else if (n.contains("origin")) {
            value = "https://forms.example.test";
        } else if (n.contains("phone")) {
            value = "+14155550123";
        } else if (n.contains("org")) {
            value = "Org fuzz" + RUN;
        } else {
            value = "fuzz" + RUN;
        }
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        int min = schema.path("minLength").asInt(0);
        while (value.length() < min) {
            value = value + "x";
        }
        return value.length() > max ? value.substring(0, max) : value;
    }

    private boolean isPublic(Operation op) {
        JsonNode security = op.op().get("security");
        return security != null && security.isArray() && security.isEmpty();
    }

    private List<String> hostileBodies(JsonNode valid, boolean full) {
        List<String> bodies = new ArrayList<>(List.of("", "{", "null", "[]", "\"text\"", "{}", "[" .repeat(5000),
                "{\"a\":".repeat(200) + "1" + "}".repeat(200)));
        if (full && valid instanceof ObjectNode v) {
            ObjectNode unknown = v.deepCopy();
            unknown.put("is_admin", true);
            unknown.put("org_id", otherOrg.toString());
            bodies.add(unknown.toString());
            List<String> names = new ArrayList<>(v.propertyNames());
            for (String name : names) {
                for (JsonNode bad : hostileValues()) {
                    ObjectNode o = v.deepCopy();
                    o.set(name, bad);
                    bodies.add(o.toString());
                }
            }
        }
        return bodies;
    }

    private List<JsonNode> hostileValues() {
        ObjectNode deep = NODES.objectNode();
        ObjectNode at = deep;
        for (int i = 0; i < 60; i++) {
            at = at.putObject("x");
        }
        return List.of(NODES.stringNode("a\u0000b"), NODES.stringNode("\uD800"), NODES.stringNode("x".repeat(60_000)),
                NODES.stringNode("a@" + "a.".repeat(20_000) + "test"), NODES.numberNode(new java.math.BigDecimal("1e400")),
                NODES.numberNode(-1), NODES.numberNode(Long.MAX_VALUE), NODES.booleanNode(true), NODES.arrayNode(), deep,
                NODES.stringNode("'; drop table leads; --"), NODES.stringNode("<script>alert(1)</script>"),
                NODES.stringNode(otherOrg.toString()), NODES.stringNode("\u202Eevil\u200B"), NODES.stringNode("%s%n${jndi:ldap://x}"),
                NODES.stringNode(String.valueOf(random.nextLong())));
    }

    private List<String> hostilePathValues() {
        return List.of(UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000", "not-a-uuid", "-1",
                "9".repeat(3000), "%00", "%ED%A0%80", "%2e%2e%2f%2e%2e%2factuator", "1;jsessionid=x", enc("' or '1'='1"),
                enc(UUID.randomUUID().toString().toUpperCase()), otherOrg.toString());
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (var e : values.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "none";
        }
        return s.length() <= 160 ? s : s.substring(0, 160) + "…(" + s.length() + " chars)";
    }
}

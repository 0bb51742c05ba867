package com.leadignite.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Fixtures.TestUser;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document is usable by a client generator: every mapped endpoint is there with the
 * statuses the authorization matrix observes, names are the wire names, public routes need no token,
 * and real answers of the running service validate against the schemas the document gives them.
 */
@IntegrationTest
class OpenApiDocumentTest {

    static final Set<String> PUBLIC = Set.of("POST /auth/v1/signup", "POST /auth/v1/token", "POST /auth/v1/recover",
            "POST /auth/v1/verify", "POST /auth/v1/resend", "GET /auth/v1/.well-known/jwks.json",
            "GET /.well-known/jwks.json", "GET /actuator/health", "POST /webhooks/{provider}/{endpointId}",
            "POST /api/v1/public/lead-capture", "GET /auth/v1/providers", "GET /auth/v1/authorize",
            "GET /auth/v1/callback");

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    Http http;
    JsonNode doc;
    UUID org;
    TestUser admin;
    TestUser agent;

    @BeforeEach
    void setUp() throws Exception {
        http = new Http(port);
        var r = http.get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        doc = r.json();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.json"), r.body());
        org = fixtures.createOrg("OpenAPI Org " + UUID.randomUUID());
        admin = fixtures.user(org, "admin");
        agent = fixtures.user(org, "agent");
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    JsonNode operation(String endpoint) {
        String method = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase();
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        JsonNode item = doc.get("paths").get(path);
        return item == null ? null : item.get(method);
    }

    @Test
    void everyMappedEndpointIsDocumentedWithItsRealStatuses() {
        List<String> endpoints = new ArrayList<>();
        mapping.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().forEach(p -> {
            if (!p.startsWith("/test-only") && !p.equals("/error") && !p.startsWith("${") && !p.startsWith("/v3/api-docs")
                    && !p.equals("/app") && !p.startsWith("/app/")) { // the static browser app is not part of the API
                info.getMethodsCondition().getMethods().forEach(m -> endpoints.add(m.name() + " " + p));
            }
        }));
        assertThat(endpoints).hasSizeGreaterThan(40);
        Set<String> ids = new HashSet<>();
        for (String endpoint : endpoints) {
            JsonNode op = operation(endpoint);
            assertThat(op).as(endpoint).isNotNull();
            String id = op.get("operationId").asString();
            assertThat(id).as(endpoint).matches("[a-z][A-Za-z]+");
            assertThat(ids.add(id)).as("operation id %s is unique", id).isTrue();
            assertThat(op.get("summary")).as(endpoint).isNotNull();
            assertThat(op.get("tags").get(0).asString()).as(endpoint).doesNotEndWith("-controller");
            JsonNode responses = op.get("responses");
            // GoTrue answers a DELETE with 200 and a body, which auth-js parses (a 204 would be an error to it).
            if (endpoint.startsWith("DELETE /auth/v1/")) {
                assertThat(responses.has("200")).as(endpoint).isTrue();
            } else if (endpoint.startsWith("DELETE ")) {
                assertThat(responses.has("204")).as(endpoint).isTrue();
                assertThat(responses.has("200")).as(endpoint).isFalse();
            }
            responses.propertyNames().forEach(code -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    String media = endpoint.contains(" /auth/v1/") ? "application/json" : "application/problem+json";
                    String schema = endpoint.contains(" /auth/v1/") ? "AuthError" : "Problem";
                    assertThat(responses.get(code).get("content").get(media).get("schema").get("$ref").asString())
                            .as(endpoint + " " + code).isEqualTo("#/components/schemas/" + schema);
                }
            });
        }
        for (AuthorizationMatrixTest.Row row : AuthorizationMatrixTest.ROWS) {
            // The API document describes the API: not itself, not the static browser app under /app.
            if (row.notDrivenReason() != null || row.endpoint().contains(" /v3/api-docs") || row.endpoint().contains(" /app")) {
                continue;
            }
            JsonNode op = operation(row.endpoint());
            assertThat(op).as(row.endpoint()).isNotNull();
            for (int status : row.expected()) {
                assertThat(op.get("responses").has(String.valueOf(status))).as(row.endpoint() + " answers " + status).isTrue();
            }
        }
        for (String create : List.of("POST /api/v1/leads", "POST /api/v1/leads/{leadId}/calls", "POST /api/v1/assistants",
                "POST /api/v1/invitations", "POST /api/v1/form-keys", "POST /api/v1/webhook-endpoints",
                "POST /api/v1/public/lead-capture")) {
            assertThat(operation(create).get("responses").has("201")).as(create).isTrue();
            assertThat(operation(create).get("responses").has("200")).as(create).isFalse();
        }
        assertThat(operation("POST /api/v1/leads").get("operationId").asString()).isEqualTo("createLead");
        assertThat(operation("GET /api/v1/leads").get("operationId").asString()).isEqualTo("listLeads");
    }

    @Test
    void propertyNamesAreTheWireNames() {
        List<String> names = new ArrayList<>();
        collectPropertyNames(doc, names);
        assertThat(names).contains("first_name", "access_token", "request_id", "assigned_agent_id");
        assertThat(names).allSatisfy(n -> assertThat(n).matches("[a-z][a-z0-9_]*"));
    }

    static void collectPropertyNames(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("properties") && e.getValue().isObject()) {
                    out.addAll(e.getValue().propertyNames());
                }
                collectPropertyNames(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectPropertyNames(n, out));
        }
    }

    @Test
    void publicRoutesNeedNoTokenAndTheOthersTheBearer() {
        assertThat(doc.get("security").get(0).has("bearer-jwt")).isTrue();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String endpoint = op.getKey().toUpperCase() + " " + path.getKey();
            if (path.getKey().startsWith("/test-only")) {
                return;
            }
            JsonNode security = op.getValue().get("security");
            if (PUBLIC.contains(endpoint)) {
                assertThat(security).as(endpoint).isNotNull();
                assertThat(security.isArray() && security.isEmpty()).as(endpoint).isTrue();
            } else {
                assertThat(security).as(endpoint + " inherits the bearer requirement").isNull();
            }
        }));
        assertThat(PUBLIC).allSatisfy(e -> assertThat(operation(e)).as(e).isNotNull());
    }

    @Test
    void enumsLimitsAndRequiredFieldsAreThoseTheServiceEnforces() {
        JsonNode schemas = doc.get("components").get("schemas");
        JsonNode newLead = schemas.get("NewLead");
        assertThat(newLead.get("required").toString()).isEqualTo("[\"first_name\"]");
        assertThat(newLead.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(newLead.get("properties").get("first_name").get("maxLength").asInt()).isEqualTo(100);
        assertThat(newLead.get("properties").get("status").get("enum").toString())
                .isEqualTo("[\"new\",\"contacted\",\"qualified\",\"unqualified\",\"converted\"]");
        assertThat(schemas.get("LeadPatch").has("required")).isFalse();
        assertThat(schemas.get("NewCall").get("properties").get("outcome").get("enum")).hasSize(5);
        assertThat(schemas.get("NewCall").get("properties").get("duration_seconds").get("maximum").asInt()).isEqualTo(86400);
        assertThat(schemas.get("UserResource").get("properties").get("role").get("enum")).hasSize(3);
        JsonNode assign = operation("POST /api/v1/leads/{id}/assign").get("requestBody").get("content").get("application/json");
        assertThat(assign.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/LeadAssignment");
        JsonNode rotate = operation("POST /api/v1/admin/keys/rotate").get("requestBody").get("content").get("application/json");
        assertThat(rotate.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/KeyRotation");
        assertThat(schemas.get("Problem").get("properties").has("request_id")).isTrue();
        assertThat(operation("GET /api/v1/leads").get("parameters").toString())
                .contains("\"enum\":[\"new\",\"contacted\",\"qualified\",\"unqualified\",\"converted\"]");
        assertThat(operation("POST /auth/v1/token").get("parameters").get(0).get("schema").get("enum")).hasSize(2);
    }

    @Test
    void realAnswersValidateAgainstTheDocument() {
        String bearer = admin.bearer();
        Map<String, Object> lead = Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.test",
                "status", "contacted");
        assertValid(requestSchema("POST /api/v1/leads"), Http.JSON.valueToTree(lead), true);
        // What a client generated from a camelCase document would send: the document must refuse it too.
        assertValid(requestSchema("POST /api/v1/leads"), Http.JSON.valueToTree(Map.of("firstName", "Ada")), false);

        var created = http.post("/api/v1/leads", lead, "Authorization", bearer);
        assertAnswer("POST /api/v1/leads", created, 201);
        String id = created.json().get("id").asString();
        assertAnswer("GET /api/v1/leads", http.get("/api/v1/leads?size=5", "Authorization", bearer), 200);
        assertAnswer("GET /api/v1/leads/{id}", http.get("/api/v1/leads/" + id, "Authorization", bearer), 200);
        assertAnswer("POST /api/v1/leads/{leadId}/calls", http.post("/api/v1/leads/" + id + "/calls",
                Map.of("direction", "outbound", "started_at", "2026-01-01T00:00:00Z", "outcome", "answered"),
                "Authorization", bearer), 201);
        assertAnswer("GET /api/v1/users", http.get("/api/v1/users", "Authorization", bearer), 200);
        assertAnswer("POST /api/v1/leads", http.post("/api/v1/leads", Map.of("first_name", "Ada", "firstName", "Ada"),
                "Authorization", bearer), 400);
        assertAnswer("GET /api/v1/leads", http.get("/api/v1/leads"), 401);
        assertAnswer("DELETE /api/v1/leads/{id}", http.delete("/api/v1/leads/" + id, "Authorization", agent.bearer()), 403);
        assertAnswer("GET /api/v1/leads/{id}", http.get("/api/v1/leads/" + UUID.randomUUID(), "Authorization", bearer), 404);
        assertAnswer("POST /auth/v1/token", http.post("/auth/v1/token?grant_type=password", Map.of()), 400);
        assertAnswer("GET /auth/v1/user", http.get("/auth/v1/user", "Authorization", bearer), 200);
        assertAnswer("GET /.well-known/jwks.json", http.get("/.well-known/jwks.json"), 200);
    }

    JsonNode requestSchema(String endpoint) {
        return operation(endpoint).get("requestBody").get("content").get("application/json").get("schema");
    }

    void assertAnswer(String endpoint, Http.Response r, int status) {
        assertThat(r.status()).as(endpoint + ": " + r.body()).isEqualTo(status);
        JsonNode response = operation(endpoint).get("responses").get(String.valueOf(status));
        assertThat(response).as(endpoint + " documents " + status).isNotNull();
        var content = response.get("content");
        String type = r.header("Content-Type").split(";")[0].trim();
        assertThat(content.has(type)).as(endpoint + " " + status + " is documented as " + type).isTrue();
        assertValid(content.get(type).get("schema"), r.json(), true);
    }

    /** Validates with every documented object closed, so an undocumented or misnamed member fails. */
    void assertValid(JsonNode schema, JsonNode instance, boolean expectValid) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.setAll((ObjectNode) schema.deepCopy());
        JsonNode components = doc.get("components").deepCopy();
        close(components);
        root.set("components", components);
        List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(root.toString()).validate(instance);
        if (expectValid) {
            assertThat(errors).as(instance.toString()).isEmpty();
        } else {
            assertThat(errors).as(instance.toString()).isNotEmpty();
        }
    }

    static void close(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
            }
            o.forEach(OpenApiDocumentTest::close);
        } else if (node.isArray()) {
            node.forEach(OpenApiDocumentTest::close);
        }
    }
}

package com.leadignite.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class OpenApiInventoryTest {

    @LocalServerPort
    int port;

    @Test
    void theApiDocumentIsPublicDeclaresBearerJwtAndListsTheEndpoints() {
        var r = new Http(port).get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        JsonNode scheme = doc.get("components").get("securitySchemes").get("bearer-jwt");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.get("bearerFormat").asString()).isEqualTo("JWT");
        assertThat(doc.get("security").get(0).has("bearer-jwt")).isTrue();
        JsonNode paths = doc.get("paths");
        for (String p : List.of("/api/v1/users", "/api/v1/users/{id}", "/api/v1/users/{id}/role", "/api/v1/users/{id}/lock",
                "/api/v1/users/{id}/unlock", "/api/v1/invitations", "/api/v1/form-keys", "/api/v1/form-keys/{id}",
                "/api/v1/public/lead-capture", "/api/v1/audit-events", "/api/v1/audit-events/verify")) {
            assertThat(paths.has(p)).as(p).isTrue();
        }
        // Nothing secret or internal leaks into the document. token_hash is a request field of verify (the
        // mailed link's value, as GoTrue names it), and nowhere else.
        assertThat(r.body()).doesNotContain("encrypted_password");
        var rest = (tools.jackson.databind.node.ObjectNode) doc.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) rest.get("components").get("schemas")).remove("Verify");
        ((tools.jackson.databind.node.ObjectNode) rest.get("paths")).remove("/auth/v1/verify");
        assertThat(rest.toString()).doesNotContain("token_hash");
    }
}

package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every failure outside /auth/v1 is an RFC 9457 problem with a request id and nothing internal in it. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemResponsesTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    Http http;
    UUID org;
    Fixtures.TestUser admin;

    @BeforeAll
    void setUp() {
        http = new Http(port);
        org = fixtures.createOrg("problems");
        admin = fixtures.user(org, "admin");
    }

    @AfterAll
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    private String[] auth(String... more) {
        String[] out = new String[more.length + 2];
        out[0] = "Authorization";
        out[1] = admin.bearer();
        System.arraycopy(more, 0, out, 2, more.length);
        return out;
    }

    /** The common contract of every problem response. */
    static JsonNode assertProblem(Http.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = r.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asString()).startsWith("https://");
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(body.get("detail").asString()).isNotBlank();
        String requestId = r.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        assertThat(body.get("request_id").asString()).isEqualTo(requestId);
        assertNoInternals(r.body());
        SecurityHeadersAssert.assertSecurityHeaders(r);
        return body;
    }

    static void assertNoInternals(String body) {
        assertThat(body).doesNotContainIgnoringCase("exception")
                .doesNotContain("com.leadignite").doesNotContain("org.springframework").doesNotContain("java.")
                .doesNotContainIgnoringCase("select ").doesNotContainIgnoringCase("jdbc").doesNotContain("\tat ")
                .doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("trace");
    }

    @Test
    void unknownPathWithValidTokenIs404() {
        JsonNode body = assertProblem(http.get("/api/v1/no-such-thing", auth()), 404);
        assertThat(body.get("instance").asString()).isEqualTo("/api/v1/no-such-thing");
    }

    @Test
    void unknownPathWithoutTokenIs401WithBearerChallenge() {
        Http.Response r = http.get("/api/v1/no-such-thing");
        assertProblem(r, 401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Http.Response r = http.delete("/test-only/contacts/" + UUID.randomUUID(), auth());
        assertProblem(r, 405);
        assertThat(r.header("Allow")).contains("GET");
    }

    @Test
    void nonUuidPathIdIs404() {
        assertProblem(http.get("/test-only/contacts/not-a-uuid", auth()), 404);
    }

    @Test
    void badQueryParameterIs400NamingIt() {
        JsonNode body = assertProblem(http.get("/test-only/page?size=abc", auth()), 400);
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo("size");
        JsonNode range = assertProblem(http.get("/test-only/page?size=1000", auth()), 400);
        assertThat(range.get("errors").get(0).get("field").asString()).isEqualTo("size");
        JsonNode missing = assertProblem(http.get("/test-only/page", auth()), 400);
        assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("size");
    }

    @Test
    void beanValidationNamesJsonFieldsInSnakeCase() {
        JsonNode body = assertProblem(http.post("/test-only/contacts", "{\"first_name\":\"toolong\",\"count\":-1}", auth()), 400);
        assertThat(body.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("first_name", "count");
    }

    @Test
    void constraintViolationIs400() {
        JsonNode body = assertProblem(http.get("/test-only/constraint", auth()), 400);
        assertThat(body.get("errors").findValuesAsString("field")).contains("first_name", "count");
    }

    @Test
    void unknownJsonFieldIs400NamingIt() {
        JsonNode body = assertProblem(http.post("/test-only/contacts", "{\"first_name\":\"a\",\"count\":1,\"org_id\":\"x\"}", auth()), 400);
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo("org_id");
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(http.post("/test-only/contacts", "{\"first_name\":", auth()), 400);
        assertProblem(http.post("/test-only/contacts", "{\"first_name\":\"a\",\"count\":\"many\"}", auth()), 400);
    }

    @Test
    void wrongContentTypeIs415() {
        Http.Response r = http.send(http.request("/test-only/contacts")
                .POST(HttpRequest.BodyPublishers.ofString("first_name=a")), auth("Content-Type", "text/plain"));
        assertProblem(r, 415);
    }

    @Test
    void notAcceptableIs406AndStillProblemJson() {
        assertProblem(http.get("/test-only/json", auth("Accept", "text/html")), 406);
    }

    @Test
    void problemIsJsonWhateverAcceptSays() {
        assertProblem(http.get("/test-only/conflict", auth("Accept", "text/html")), 409);
        assertProblem(http.get("/api/v1/nothing", "Accept", "application/xml"), 401);
    }

    @Test
    void apiExceptionsKeepTheirStatusTypeAndDetail() {
        JsonNode conflict = assertProblem(http.get("/test-only/conflict", auth()), 409);
        assertThat(conflict.get("detail").asString()).isEqualTo("The lead was changed meanwhile.");
        JsonNode field = assertProblem(http.get("/test-only/field-error", auth()), 400);
        assertThat(field.get("errors").get(0).get("field").asString()).isEqualTo("agent_id");
        JsonNode stepUp = assertProblem(http.get("/test-only/step-up", auth()), 403);
        assertThat(stepUp.get("type").asString()).endsWith("/reauthentication-required");
    }

    @Test
    void unexpectedExceptionIsGeneric500() {
        JsonNode body = assertProblem(http.get("/test-only/boom", auth()), 500);
        assertThat(body.get("detail").asString()).doesNotContain("auth.users");
    }

    @Test
    void databaseErrorIsGeneric500WithoutSql() {
        Http.Response r = http.get("/test-only/sql", auth());
        assertProblem(r, 500);
        assertThat(r.body()).doesNotContain("no_such_table").doesNotContain("secret_column");
    }

    @Test
    void errorsOutsideMvcComeOutAsProblems() {
        Http.Response sent = http.get("/test-only/send-error", auth());
        assertProblem(sent, 409);
        assertThat(sent.body()).doesNotContain("internal reason");
        Http.Response filter = http.get("/test-only/filter-boom", auth());
        assertProblem(filter, 500);
        assertThat(filter.body()).doesNotContain("postgresql");
    }

    @Test
    void directErrorPathIsJustNotFound() {
        assertProblem(http.get("/error"), 404);
    }

    @Test
    void bodyOverLimitIs413() {
        String big = "{\"first_name\":\"" + "a".repeat(70 * 1024) + "\"}";
        assertProblem(http.post("/test-only/contacts", big, auth()), 413);
    }

    @Test
    void streamedBodyOverLimitIs413() {
        byte[] big = new byte[70 * 1024];
        Http.Response r = http.send(http.request("/test-only/raw").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big))), auth("Content-Type", "application/octet-stream"));
        assertProblem(r, 413);
        Http.Response json = http.send(http.request("/test-only/contacts").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(("{\"first_name\":\"" + "a".repeat(70 * 1024) + "\"}").getBytes()))),
                auth("Content-Type", "application/json"));
        assertProblem(json, 413);
    }

    @Test
    void bodyUnderLimitPasses() {
        Http.Response r = http.send(http.request("/test-only/raw").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[60 * 1024])),
                auth("Content-Type", "application/octet-stream"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("bytes").asInt()).isEqualTo(60 * 1024);
    }

    @Test
    void webhooksGetTheLargerLimit() {
        byte[] medium = new byte[200 * 1024];
        Http.Response ok = http.send(http.request("/webhooks/vapi/" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofByteArray(medium)), auth("Content-Type", "application/json"));
        assertThat(ok.status()).isNotEqualTo(413);
        byte[] huge = new byte[1024 * 1024 + 1];
        Http.Response tooBig = http.send(http.request("/webhooks/vapi/" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)), auth("Content-Type", "application/json"));
        assertThat(tooBig.status()).isEqualTo(413);
    }

    /** Raw HTTP, since a well-behaved client cannot send these. Returns the head and body. */
    private String raw(String requestLineAndHeaders) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLineAndHeaders + "Host: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void requestsRefusedByTheContainerOrFirewallAreProblems() throws Exception {
        for (String request : java.util.List.of(
                "GET /api/v1/%zz HTTP/1.1\r\n",                               // unparsable URI (Tomcat)
                "GET /api/v1/x HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n", // header over the limit (Tomcat)
                "GET /api/v1/..;/x HTTP/1.1\r\n")) {                            // path the firewall rejects
            String response = raw(request);
            String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).startsWith("http/1.1 400");
            assertThat(head).contains("content-type: application/problem+json", "x-request-id: ",
                    "x-content-type-options: nosniff", "x-frame-options: deny");
            assertThat(response).contains("\"status\":400").doesNotContainIgnoringCase("tomcat")
                    .doesNotContain("<html");
            assertNoInternals(response.substring(response.indexOf("\r\n\r\n")));
        }
    }

    @Test
    void authPathsKeepTheGoTrueShape() {
        String big = "{\"email\":\"" + "a".repeat(70 * 1024) + "\"}";
        Http.Response r = http.post("/auth/v1/token?grant_type=password", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("code").asInt()).isEqualTo(413);
        assertThat(r.json().get("error_code").asString()).isEqualTo("request_too_large");
        assertThat(r.header("x-sb-error-code")).isEqualTo("request_too_large");
        assertThat(r.header("X-Request-Id")).isNotBlank();
        assertNoInternals(r.body());
    }

    @Test
    void healthSaysOnlyUp() {
        Http.Response r = http.get("/actuator/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().propertyNames()).containsExactly("status");
        assertThat(r.json().get("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/prometheus").status()).isIn(401, 404);
        assertThat(http.get("/actuator/prometheus", auth()).status()).isEqualTo(404);
    }
}

package com.leadignite.auth;

import static com.leadignite.support.RawBytesHttp.ascii;
import static com.leadignite.support.RawBytesHttp.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.RawBytesHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated hostile input in every string field of every {@code /auth/v1} endpoint, and in the
 * {@code Authorization} and {@code apikey} headers, over raw HTTP: NUL and lone surrogates (as JSON
 * escapes and as raw bytes), invalid UTF-8, huge and deeply nested values, wrong JSON types. The answer
 * is never a 5xx, and every 4xx is in the GoTrue shape.
 *
 * <p>jqwik runs outside the Spring extension: the shared application context comes from Spring's
 * context cache through a {@link TestContextManager} (as in {@code HostileInputProperties}).
 */
@com.leadignite.support.IntegrationTest
class AuthHostileInputProperties {

    private static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    static int port;
    static Fixtures fixtures;
    static UUID org;
    static final Set<UUID> createdOrgs = ConcurrentHashMap.newKeySet();

    @BeforeContainer
    static void boot() throws Exception {
        ApplicationContext ctx = new TestContextManager(AuthHostileInputProperties.class).getTestContext().getApplicationContext();
        port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
        fixtures = ctx.getBean(Fixtures.class);
        org = fixtures.createOrg("auth-hostile-properties");
    }

    @AfterContainer
    static void cleanUp() {
        if (fixtures != null) {
            fixtures.deleteOrg(org);
            createdOrgs.forEach(fixtures::deleteOrg);
        }
    }

    /** A JSON value as the bytes that go on the wire. */
    record Value(String label, byte[] json) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Value text(String s) {
        return new Value("text(" + s.length() + ")", ESCAPING.writeValueAsBytes(s));
    }

    static Value raw(String label, byte[] inside) {
        return new Value(label, bytes("\"x", inside, "y\""));
    }

    static Value literal(String label, String json) {
        return new Value(label, json.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<Value> hostile() {
        Arbitrary<Value> fixed = Arbitraries.of(
                text("\u0000"), text("a\u0000b"), text("\ud800"), text("\udc00"), text("x\udbff"), text("\udfff\ud800"),
                text("\ud83d\ude00"), text(""), text(" "), text("\u202e\ufeff\uffff"), text("\r\n"),
                text("valid-" + "x".repeat(20)), text("Glacier-Pencil-Orbit-42"), text("someone@example.test"),
                text("a@b.c\u0000"), text("x".repeat(70_000)), text("é".repeat(600)), text("https://x.example/a.png"),
                raw("raw-high-surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                raw("raw-low-surrogate", new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80}),
                raw("raw-overlong-nul", new byte[] {(byte) 0xC0, (byte) 0x80}),
                raw("raw-ff", new byte[] {(byte) 0xFF}), raw("raw-continuation", new byte[] {(byte) 0x80}),
                raw("raw-beyond-unicode", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                raw("raw-nul", new byte[] {0}), raw("raw-truncated", new byte[] {(byte) 0xE2, (byte) 0x82}),
                literal("int", "42"), literal("huge-int", "1" + "0".repeat(400)), literal("float", "1e999"),
                literal("true", "true"), literal("null", "null"), literal("array", "[\"a\",1]"), literal("object", "{\"a\":\"b\"}"),
                literal("nested-object", "{\"a\":{\"b\":{\"c\":[\"\\u0000\"]}}}"),
                literal("deep-array", "[".repeat(2000) + "]".repeat(2000)),
                literal("deep-object", "{\"a\":".repeat(1000) + "1" + "}".repeat(1000)));
        Arbitrary<Value> random = Arbitraries.strings().all().ofMaxLength(40).map(AuthHostileInputProperties::text);
        return Arbitraries.frequencyOf(Tuple.of(6, fixed), Tuple.of(2, random));
    }

    /** Where a value goes: a path in the body of one endpoint. */
    record Target(String method, String path, boolean authenticated, String template) {
        @Override
        public String toString() {
            return method + " " + path + " " + template;
        }
    }

    static final String V = "@V@";
    static final String PW = "\"Glacier-Pencil-Orbit-42\"";

    static final List<Target> TARGETS = List.of(
            new Target("POST", "/auth/v1/signup", false, "{\"email\":" + V + ",\"password\":" + PW + ",\"data\":{\"org_name\":\"O\"}}"),
            new Target("POST", "/auth/v1/signup", false, "{\"email\":\"@E@\",\"password\":" + V + ",\"data\":{\"org_name\":\"O\"}}"),
            new Target("POST", "/auth/v1/signup", false, "{\"email\":\"@E@\",\"password\":" + PW + ",\"data\":{\"org_name\":" + V + "}}"),
            new Target("POST", "/auth/v1/signup", false, "{\"email\":\"@E@\",\"password\":" + PW + ",\"data\":{\"invite_token\":" + V + "}}"),
            new Target("POST", "/auth/v1/signup", false, "{\"email\":\"@E@\",\"password\":" + PW + ",\"data\":{\"org_name\":\"O\",\"full_name\":" + V + "}}"),
            new Target("POST", "/auth/v1/signup", false, "{\"email\":\"@E@\",\"password\":" + PW + ",\"data\":{\"org_name\":\"O\",\"avatar_url\":" + V + "}}"),
            new Target("POST", "/auth/v1/signup", false, "{\"email\":\"@E@\",\"password\":" + PW + ",\"data\":{\"org_name\":\"O\",\"locale\":" + V + ",\"name\":" + V + "}}"),
            new Target("POST", "/auth/v1/signup", false, "{\"email\":\"@E@\",\"password\":" + PW + ",\"data\":" + V + "}"),
            new Target("POST", "/auth/v1/signup", false, "{\"email\":\"@E@\",\"password\":" + PW + ",\"data\":{\"org_name\":\"O\"},\"phone\":" + V + ",\"gotrue_meta_security\":{\"captcha_token\":" + V + "}}"),
            new Target("POST", "/auth/v1/token?grant_type=password", false, "{\"email\":" + V + ",\"password\":" + PW + "}"),
            new Target("POST", "/auth/v1/token?grant_type=password", false, "{\"email\":\"@E@\",\"password\":" + V + "}"),
            new Target("POST", "/auth/v1/token?grant_type=password", false, "{\"email\":\"@E@\",\"password\":" + PW + ",\"gotrue_meta_security\":" + V + "}"),
            new Target("POST", "/auth/v1/token?grant_type=refresh_token", false, "{\"refresh_token\":" + V + "}"),
            new Target("POST", "/auth/v1/token?grant_type=refresh_token", false, V),
            new Target("PUT", "/auth/v1/user", true, "{\"data\":{\"full_name\":" + V + "}}"),
            new Target("PUT", "/auth/v1/user", true, "{\"data\":{\"timezone\":" + V + ",\"picture\":" + V + "}}"),
            new Target("PUT", "/auth/v1/user", true, "{\"data\":" + V + "}"),
            new Target("PUT", "/auth/v1/user", true, "{\"password\":" + V + "}"),
            new Target("PUT", "/auth/v1/user", true, "{\"email\":" + V + ",\"phone\":" + V + "}"),
            new Target("PUT", "/auth/v1/user", true, "{\"app_metadata\":" + V + "}"),
            new Target("POST", "/auth/v1/reauthenticate", true, "{\"password\":" + V + "}"),
            new Target("POST", "/auth/v1/reauthenticate", true, "{\"password\":" + PW + ",\"nonce\":" + V + "}"),
            new Target("POST", "/auth/v1/logout", true, V));

    static byte[] body(Target t, Value v) {
        String email = "prop-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
        String template = t.template().replace("@E@", email);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] parts = template.split(V, -1);
        for (int i = 0; i < parts.length; i++) {
            out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
            if (i + 1 < parts.length) {
                out.writeBytes(v.json());
            }
        }
        return out.toByteArray();
    }

    static RawBytesHttp.Response send(String method, String path, byte[][] headers, byte[] body) {
        RawBytesHttp.Response r = RawBytesHttp.send(port, method, ascii(path), headers, body);
        if (r.status() == 200 && r.body().contains("\"org_id\"")) {
            int at = r.body().indexOf("\"org_id\":\"") + 10;
            createdOrgs.add(UUID.fromString(r.body().substring(at, at + 36)));
        }
        return r;
    }

    static void assertNoServerError(RawBytesHttp.Response r, Object what) {
        assertThat(r.status()).as(what + " -> " + r.body()).isLessThan(500);
        if (r.status() >= 400 && r.status() != 413) {
            assertThat(r.header("x-sb-error-code")).as(what + " -> GoTrue shape: " + r.body()).isNotBlank();
        }
    }

    @Property(tries = 250)
    void everyStringFieldOfEveryAuthEndpointIsNeverAServerError(@ForAll("targets") Target target, @ForAll("hostile") Value value) {
        byte[][] headers;
        if (target.authenticated()) {
            // A fresh user per try: a hostile request may change the password or end the session.
            Fixtures.TestUser u = fixtures.user(org, "user");
            headers = new byte[][] {ascii("Content-Type: application/json"), ascii("Authorization: Bearer " + u.token())};
        } else {
            headers = new byte[][] {ascii("Content-Type: application/json")};
        }
        assertNoServerError(send(target.method(), target.path(), headers, body(target, value)), target + " with " + value);
    }

    @Provide
    Arbitrary<Target> targets() {
        return Arbitraries.of(TARGETS);
    }

    /** Header values: what a broken or hostile client could put after {@code Authorization:} or {@code apikey:}. */
    @Provide
    Arbitrary<byte[]> headerValue() {
        Arbitrary<byte[]> fixed = Arbitraries.of(new byte[] {0}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xFF}, ascii("\\u0000"), ascii("\\ud800"),
                ascii("a.b.c"), ascii("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), ascii("x".repeat(10_000)), ascii(""),
                ascii("Bearer"), ascii("Bearer Bearer x"), ascii("Basic dXNlcjpwYXNz"));
        Arbitrary<byte[]> random = Arbitraries.bytes().filter(b -> b != '\r' && b != '\n').array(byte[].class).ofMaxSize(60);
        return Arbitraries.frequencyOf(Tuple.of(3, fixed), Tuple.of(2, random));
    }

    @Property(tries = 120)
    void hostileAuthorizationAndApikeyHeadersAreNeverAServerError(@ForAll("headerValue") byte[] value,
                                                                 @ForAll boolean bearerPrefix, @ForAll boolean apikey,
                                                                 @ForAll("headerPaths") String path) {
        byte[] header = apikey ? bytes("apikey: ", value) : bytes("Authorization: ", bearerPrefix ? "Bearer " : "", value);
        boolean post = !path.startsWith("GET ");
        String p = path.substring(path.indexOf(' ') + 1);
        RawBytesHttp.Response r = send(post ? "POST" : "GET", p,
                new byte[][] {ascii("Content-Type: application/json"), header}, post ? ascii("{}") : null);
        assertThat(r.status()).as(p + " -> " + r.body()).isLessThan(500);
    }

    @Provide
    Arbitrary<String> headerPaths() {
        return Arbitraries.of("GET /auth/v1/user", "POST /auth/v1/logout", "POST /auth/v1/reauthenticate",
                "POST /auth/v1/token?grant_type=refresh_token", "POST /auth/v1/signup", "GET /auth/v1/.well-known/jwks.json");
    }

    @Property(tries = 40)
    void queryParametersOfAuthEndpointsAreNeverAServerError(@ForAll("queryValue") String value, @ForAll boolean logout) {
        String path = logout ? "/auth/v1/logout?scope=" + value : "/auth/v1/token?grant_type=" + value;
        Fixtures.TestUser u = fixtures.user(org, "user");
        RawBytesHttp.Response r = send("POST", path, new byte[][] {ascii("Content-Type: application/json"),
                ascii("Authorization: Bearer " + u.token())}, ascii("{}"));
        assertNoServerError(r, path);
    }

    @Provide
    Arbitrary<String> queryValue() {
        return Arbitraries.of("%00", "%ED%A0%80", "%C0%80", "%FF", "password%00", "local%00", "x".repeat(5000), "",
                "%25", "global;x=1", "PASSWORD", "refresh_token&grant_type=password");
    }
}

package com.leadignite.crm.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.TwoOrgs;
import com.leadignite.support.Http;
import com.leadignite.support.IntegrationTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated hostile input against every CRM write endpoint over real HTTP: injection and script
 * payloads, Unicode edge cases (lone surrogates, NUL, bidi overrides, huge code points), huge and
 * fractional numbers, nulls, wrong JSON types, deep nesting, unknown and server-set fields. The answer
 * is always 2xx or a 4xx problem, never 5xx; stored notes never carry an active script.
 *
 * <p>jqwik runs outside the Spring extension, so the shared test application context is taken from
 * Spring's context cache through a {@link TestContextManager} for this ({@code @IntegrationTest}) class.
 */
@IntegrationTest
class HostileInputProperties {

    /** Escapes every non-ASCII character, so lone surrogates travel as {@code \\uD800} escapes. */
    private static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final Pattern ACTIVE = Pattern.compile("(?i)<script|javascript:|\\son[a-z]+\\s*=|<iframe|<img|<svg|<style");

    static Http http;
    static TwoOrgs cast;
    static Fixtures fixtures;
    static UUID lead;
    static UUID assistant;

    @BeforeContainer
    static void boot() throws Exception {
        ApplicationContext ctx = new TestContextManager(HostileInputProperties.class).getTestContext().getApplicationContext();
        http = new Http(Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port")));
        fixtures = ctx.getBean(Fixtures.class);
        cast = new TwoOrgs(fixtures, "HostileInputProperties");
        lead = CrmRows.lead(cast.org, cast.admin.id(), null, "Target");
        assistant = CrmRows.assistant(cast.org, "Target");
    }

    @AfterContainer
    static void cleanUp() {
        if (cast != null) {
            cast.delete();
        }
    }

    static final List<String> LEAD_FIELDS = List.of("first_name", "last_name", "email", "phone", "company", "status", "source", "notes");
    static final List<String> CALL_FIELDS = List.of("direction", "started_at", "duration_seconds", "outcome", "summary", "assistant_id", "recording_url");
    static final List<String> ASSISTANT_FIELDS = List.of("name", "provider", "voice_id", "system_prompt", "external_id");
    static final List<String> EXTRA_FIELDS = List.of("id", "org_id", "owner_id", "assigned_agent_id", "created_at", "lead_id",
            "created_by", "external_id", "role", "__proto__", "constructor", "first_name ", "FIRST_NAME", "");

    @Provide
    Arbitrary<Object> hostile() {
        Arbitrary<Object> payloads = Arbitraries.of(
                "' OR '1'='1", "'; drop table public.leads; --", "\" or 1=1 --", "%' and 1=1 and '%'='", "\\", "%_%",
                "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
                "<svg/onload=alert(1)>", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<<script>script>alert(1)<</script>/script>",
                "<p onclick=\"x()\">p</p>", "<a href='https://ok.example' onmouseover='x()'>ok</a>", "<iframe src=//evil>",
                "<scr<script>ipt>", "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a>", "<style>*{}</style>",
                "\u0000", "a\u0000b", "\ud800", "\udc00x", "\ud83d\ude00", "\u202e\u202dabc", "\ufeff", "\uffff", "\u2028\u2029",
                "\r\n\r\nX-Injected: 1", "${jndi:ldap://x/a}", "{{7*7}}", "../../etc/passwd", "%00", "+14155550123",
                "https://example.com/r.mp3", "a@b.c", "new", "outbound", "vapi", "2026-01-01T00:00:00Z",
                "+99999-01-01T00:00:00Z", "0000-00-00T00:00:00Z", UUID.randomUUID().toString(), "x".repeat(10_001), "",
                " ", "null", "NaN", "Infinity", "-0");
        Arbitrary<Object> numbers = Arbitraries.of(0, -1, 86400, 86401, Integer.MAX_VALUE, Long.MIN_VALUE,
                new BigInteger("123456789012345678901234567890"), new BigDecimal("1e400"), 1.5, -0.0, 1e308);
        Arbitrary<Object> others = Arbitraries.of(true, false, List.of(), List.of("a", 1), Map.of(), Map.of("$gt", ""),
                Map.of("first_name", Map.of("x", List.of(1, 2))));
        Arbitrary<Object> randomText = Arbitraries.strings().all().ofMaxLength(80).map(s -> (Object) s);
        Arbitrary<Object> nulls = Arbitraries.just(null);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, payloads), net.jqwik.api.Tuple.of(3, randomText), net.jqwik.api.Tuple.of(2, numbers),
                net.jqwik.api.Tuple.of(2, others), net.jqwik.api.Tuple.of(1, nulls));
    }

    @Provide
    Arbitrary<Map<String, Object>> leadBody() {
        return body(LEAD_FIELDS);
    }

    @Provide
    Arbitrary<Map<String, Object>> callBody() {
        return body(CALL_FIELDS);
    }

    @Provide
    Arbitrary<Map<String, Object>> assistantBody() {
        return body(ASSISTANT_FIELDS);
    }

    /** A body over {@code fields}: each present with a valid-looking or hostile value, sometimes an extra field. */
    private Arbitrary<Map<String, Object>> body(List<String> fields) {
        Arbitrary<Object> value = hostile();
        Arbitrary<List<Object>> values = value.list().ofSize(fields.size());
        Arbitrary<List<Boolean>> present = Arbitraries.of(true, false).list().ofSize(fields.size());
        Arbitrary<String> extra = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just((String) null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(EXTRA_FIELDS)));
        return net.jqwik.api.Combinators.combine(values, present, extra, value).as((vs, ps, ex, exv) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                if (ps.get(i)) {
                    m.put(fields.get(i), vs.get(i));
                }
            }
            if (ex != null) {
                m.put(ex, exv);
            }
            return m;
        });
    }

    @Provide
    Arbitrary<String> rawBody() {
        return Arbitraries.of(
                "[".repeat(5000) + "]".repeat(5000), "{\"first_name\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001),
                "{\"first_name\":\"A\",\"notes\":" + "[".repeat(1500) + "]".repeat(1500) + "}",
                "{\"first_name\":\"A\"", "{\"first_name\":\"\\ud800\"}", "{\"first_name\":1e99999}",
                "{\"duration_seconds\":1" + "0".repeat(5000) + "}", "{\"first_name\":\"A\",\"first_name\":null}", "",
                "null", "true", "\"just a string\"", "{\"first_name\":\"A\"}garbage", "\u0000", "{\"a\":NaN}",
                "{'first_name':'A'}", "{\"first_name\":\"A\",}", "\ufeff{\"first_name\":\"A\"}");
    }

    /** HTML built from fragments attackers combine: tags, event handlers, URL schemes, entity and case tricks. */
    @Provide
    Arbitrary<String> htmlish() {
        Arbitrary<String> fragment = Arbitraries.of("<script>", "</script>", "<SCRIPT SRC=//x>", "<a href=\"", "javascript:",
                "JaVaScRiPt:", "java&#115;cript:", "jav\tascript:", "vbscript:", "data:text/html,", "https://ok.example/",
                "mailto:a@b.c", "\">", "'>", " onclick=\"x()\"", " ONload=x()", " onerror =x", "<img src=x", "<svg",
                "<iframe", "<style>", "<b>", "</b>", "<p>", "<ul><li>", "</li></ul>", "<br>", "<!--", "-->", "<![CDATA[",
                "&lt;script&gt;", "alert(1)", " ", "text", "\u0000", "<math><mtext><table><mglyph><style><img src=x onerror=1>");
        return fragment.list().ofMinSize(1).ofMaxSize(25).map(l -> String.join("", l));
    }

    @Property(tries = 100)
    void storedNotesNeverCarryActiveContent(@ForAll("htmlish") String notes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("first_name", "Ann");
        body.put("notes", notes);
        var r = send("POST", "/api/v1/leads", json(body));
        assertThat(r.status()).as(r.body()).isIn(201, 400);
        if (r.status() == 201) {
            assertNoActiveContent(r.json());
            String stored = CrmRows.ownerString("select notes from public.leads where id = ?", UUID.fromString(r.json().get("id").asString()));
            if (stored != null) {
                assertThat(ACTIVE.matcher(stored).find()).as(stored).isFalse();
            }
        }
    }

    @Property(tries = 80)
    void createLead(@ForAll("leadBody") Map<String, Object> body) {
        var r = send("POST", "/api/v1/leads", json(body));
        assertSafe(r);
        if (r.status() == 201) {
            assertNoActiveContent(r.json());
        }
    }

    @Property(tries = 80)
    void patchLead(@ForAll("leadBody") Map<String, Object> body) {
        var r = send("PATCH", "/api/v1/leads/" + lead, json(body));
        assertSafe(r);
        if (r.status() == 200) {
            assertNoActiveContent(r.json());
        }
    }

    @Property(tries = 50)
    void assignLead(@ForAll("hostile") Object agent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agent_id", agent);
        assertSafe(send("POST", "/api/v1/leads/" + lead + "/assign", json(body)));
    }

    @Property(tries = 80)
    void createCall(@ForAll("callBody") Map<String, Object> body) {
        assertSafe(send("POST", "/api/v1/leads/" + lead + "/calls", json(body)));
    }

    @Property(tries = 80)
    void createAssistant(@ForAll("assistantBody") Map<String, Object> body) {
        assertSafe(send("POST", "/api/v1/assistants", json(body)));
    }

    @Property(tries = 60)
    void patchAssistant(@ForAll("assistantBody") Map<String, Object> body) {
        assertSafe(send("PATCH", "/api/v1/assistants/" + assistant, json(body)));
    }

    @Property(tries = 40)
    void rawBodiesOnEveryWriteEndpoint(@ForAll("rawBody") String raw) {
        for (String[] target : new String[][] {{"POST", "/api/v1/leads"}, {"PATCH", "/api/v1/leads/" + lead},
                {"POST", "/api/v1/leads/" + lead + "/assign"}, {"POST", "/api/v1/leads/" + lead + "/calls"},
                {"POST", "/api/v1/assistants"}, {"PATCH", "/api/v1/assistants/" + assistant}}) {
            assertSafe(send(target[0], target[1], raw));
        }
    }

    @Property(tries = 50)
    void hostileQueryParameters(@ForAll("hostile") Object value) {
        String v = java.net.URLEncoder.encode(String.valueOf(value), java.nio.charset.StandardCharsets.UTF_8);
        for (String p : new String[] {"q", "status", "assigned_to", "page", "size", "sort"}) {
            var r = http.get("/api/v1/leads?" + p + "=" + v, "Authorization", cast.admin.bearer());
            assertThat(r.status()).as(p + "=" + value).isBetween(200, 499);
        }
        var r = http.get("/api/v1/leads/" + v, "Authorization", cast.admin.bearer());
        assertThat(r.status()).isBetween(200, 499);
    }

    // ------------------------------------------------------------------------------------------

    private static String json(Map<String, Object> body) {
        return ESCAPING.writeValueAsString(body);
    }

    private static Http.Response send(String method, String path, String body) {
        var b = http.request(path).header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return http.send(b, "Authorization", cast.admin.bearer());
    }

    private static void assertSafe(Http.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 499);
        if (r.status() >= 400) {
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    private static void assertNoActiveContent(JsonNode lead) {
        JsonNode notes = lead.get("notes");
        if (notes != null && !notes.isNull()) {
            String n = notes.asString();
            assertThat(ACTIVE.matcher(n).find()).as(n).isFalse();
            assertThat(n.toLowerCase(Locale.ROOT)).doesNotContain("data:text/html");
        }
    }

}

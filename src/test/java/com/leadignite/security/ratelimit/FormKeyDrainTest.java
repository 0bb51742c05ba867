package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.Fixtures;
import com.leadignite.support.Http;
import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A form key is public (it sits in the customer's page), so anyone can send requests with it. Only
 * captures that pass the key, origin and body checks may draw on the key's hourly bucket; a flood of
 * malformed ones costs each sender its own per-address quota and leaves the real site working.
 */
class FormKeyDrainTest {

    static final String CAPTURE = "/api/v1/public/lead-capture";
    static final String SITE = "https://www.drain.example";
    static final String VALID = """
            {"first_name":"Ada","last_name":"Lovelace","email":"ada@example.test","source":"landing page"}""";

    Fixtures fixtures;
    UUID org;
    String key;
    int port;

    @BeforeEach
    void setUp() {
        fixtures = SmallLimitsApp.context().getBean(Fixtures.class);
        port = SmallLimitsApp.port();
        org = fixtures.createOrg("drain");
        var admin = fixtures.user(org, "admin");
        var created = new Http(port).post("/api/v1/form-keys", Map.of("allowed_origins", List.of(SITE)),
                "Authorization", admin.bearer());
        assertThat(created.status()).isEqualTo(201);
        key = created.json().get("key").asString();
    }

    @AfterEach
    void tearDown() {
        fixtures.deleteOrg(org);
    }

    private long leads() {
        try (Connection c = TestDatabase.owner();
             PreparedStatement ps = c.prepareStatement("select count(*) from public.leads where org_id = ?")) {
            ps.setObject(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aThousandMalformedCapturesFromFiftyAddressesLeaveTheKeyUsable() {
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            senders.add(SmallLimitsApp.freshAddress());
        }
        int[] statuses = new int[600];
        for (int i = 0; i < 1000; i++) {
            String from = senders.get(i % senders.size());
            RawHttp.Response r = switch (i % 4) {
                case 0 -> RawHttp.postBody(from, port, CAPTURE, "{}", "X-Form-Key", key, "Origin", SITE);
                case 1 -> RawHttp.postBody(from, port, CAPTURE, VALID, "X-Form-Key", key, "Origin", "https://evil.example");
                case 2 -> RawHttp.postBody(from, port, CAPTURE, "{\"first_name\":", "X-Form-Key", key, "Origin", SITE);
                default -> RawHttp.postBody(from, port, CAPTURE, "{\"first_name\":\"Ada\",\"last_name\":\"L\",\"email\":\"x\"}",
                        "X-Form-Key", key, "Origin", SITE);
            };
            statuses[r.status()]++;
        }
        // Each address got its one capture through to the checks (which refused it); the rest hit its own limit.
        assertThat(statuses[201]).isZero();
        assertThat(statuses[429]).isGreaterThanOrEqualTo(950);

        // The real site's next valid captures still succeed, up to the key's own quota...
        for (int i = 0; i < SmallLimitsApp.FORM_KEY_QUOTA; i++) {
            RawHttp.Response ok = RawHttp.postBody(SmallLimitsApp.freshAddress(), port, CAPTURE, VALID,
                    "X-Form-Key", key, "Origin", SITE);
            assertThat(ok.status()).as("valid capture %d", i).isEqualTo(201);
            assertThat(ok.header("RateLimit-Policy")).contains("\"form_key\";q=" + SmallLimitsApp.FORM_KEY_QUOTA);
        }
        // ...which valid captures do use up: the per-key limit itself still holds.
        RawHttp.Response over = RawHttp.postBody(SmallLimitsApp.freshAddress(), port, CAPTURE, VALID,
                "X-Form-Key", key, "Origin", SITE);
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.header("Retry-After")).isNotNull();
        assertThat(over.body()).contains("\"violated-policies\":[\"form_key\"]");
        assertThat(leads()).isEqualTo(SmallLimitsApp.FORM_KEY_QUOTA);
    }
}

package com.leadignite.integrations.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.integrations.StandInProviders;
import com.leadignite.support.Http;
import com.leadignite.support.TwoOrgTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Without {@code VAPI_PHONE_NUMBER_ID} Vapi has no number to call from: a dial is a clear 409 before any
 * provider call, not Vapi's error passed on.
 */
@TestPropertySource(properties = "leadignite.integrations.vapi-phone-number-id=")
class DialWithoutPhoneNumberTest extends TwoOrgTest {

    final StandInProviders standIn = StandInProviders.get();

    @BeforeEach
    void providers() {
        standIn.reset();
        standIn.json("GET /vapi/assistant", 200, "[]");
        standIn.json("POST /vapi/assistant", 201, "{\"id\":\"asst_nophone\"}");
        standIn.json("POST /vapi/call", 201, "{\"id\":\"call_never\"}");
    }

    @AfterEach
    void resetProviders() {
        standIn.reset();
    }

    @Test
    void aDialWithoutAConfiguredPhoneNumberIsA409AndReachesNoProvider() {
        assertThat(http.put("/api/v1/integrations/vapi", Map.of("api_key", "vapi_priv_nophone_7c7c"), "Authorization",
                admin.bearer()).status()).isEqualTo(200);
        String assistant = http.post("/api/v1/assistants", Map.of("name", "Closer", "provider", "vapi"), "Authorization",
                admin.bearer()).json().get("id").asString();
        assertThat(http.post("/api/v1/assistants/" + assistant + "/publish", null, "Authorization", admin.bearer()).status())
                .isEqualTo(200);
        String lead = http.post("/api/v1/leads", Map.of("first_name", "Ada", "phone", "+15550100021"), "Authorization",
                admin.bearer()).json().get("id").asString();

        Http.Response r = http.post("/api/v1/leads/" + lead + "/dial", Map.of("assistant_id", assistant), "Authorization",
                admin.bearer());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("type").asString()).endsWith("/vapi-phone-number-not-configured");
        assertThat(r.json().get("detail").asString()).contains("VAPI_PHONE_NUMBER_ID");
        assertThat(standIn.received("POST /vapi/call")).isEmpty();
        // who may not dial still learns nothing more than before
        assertThat(http.post("/api/v1/leads/" + lead + "/dial", Map.of("assistant_id", assistant), "Authorization",
                user.bearer()).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/leads/" + lead + "/dial", Map.of("assistant_id", assistant), "Authorization",
                otherAdmin.bearer()).status()).isEqualTo(404);
    }
}

package com.leadignite.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.AuthorizationServerStandIn;
import com.leadignite.support.Http;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole redirect dance with a real OpenID provider (Spring Authorization Server on loopback): its
 * discovery, its login form, its code, its signed ID token with {@code email_verified}, its JWKS.
 */
class SocialLoginWithAuthorizationServerTest extends SocialLoginTestBase {

    /** Authorize → provider login → callback → auth code; returns the callback's redirect. */
    private Map<String, String> dance(String username, Pkce pkce) {
        Started s = authorize("sas", APP + "/done", pkce);
        assertThat(s.location().toString()).startsWith(AuthorizationServerStandIn.issuer() + "/oauth2/authorize?");
        URI back = new ProviderBrowser().signIn(s.location(), username, AuthorizationServerStandIn.PASSWORD);
        // The provider sends the browser to PUBLIC_BASE_URL; here that address is this test's reverse proxy.
        assertThat(back.toString()).startsWith(AuthorizationServerStandIn.PUBLIC_BASE_URL + "/auth/v1/callback?");
        Http.Response cb = callback(back.getRawQuery(), s.cookie());
        assertThat(cb.status()).as(cb.body()).isEqualTo(302);
        assertThat(cb.header("Location")).startsWith(APP + "/done?");
        return query(URI.create(cb.header("Location")));
    }

    @Test
    void aProviderUserSignsUpAndLaterSignsInToTheSameAccount() {
        String email = email("sas");
        String username = AuthorizationServerStandIn.addUser(email, true);
        Pkce pkce = Pkce.fresh();
        Map<String, String> q = dance(username, pkce);
        assertThat(q).containsKey("code").doesNotContainKey("error");
        Http.Response session = exchange(q.get("code"), pkce.verifier());
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        track(session);
        JsonNode user = session.json().get("user");
        assertThat(user.get("email").asString()).isEqualTo(email);
        assertThat(user.get("app_metadata").get("role").asString()).isEqualTo("admin");
        JsonNode identity = user.get("identities").get(0);
        assertThat(identity.get("provider").asString()).isEqualTo("sas");
        assertThat(identity.get("id").asString()).isEqualTo(username);
        assertThat(identity.get("identity_data").get("email_verified").asBoolean()).isTrue();

        Pkce again = Pkce.fresh();
        Map<String, String> q2 = dance(username, again);
        Http.Response second = exchange(q2.get("code"), again.verifier());
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("user").get("id").asString()).isEqualTo(user.get("id").asString());
        // The client's verifier belongs to its own flow only.
        Pkce third = Pkce.fresh();
        Map<String, String> q3 = dance(username, third);
        assertThat(exchange(q3.get("code"), again.verifier()).status()).isEqualTo(400);
    }

    @Test
    void anUnverifiedProviderAddressOfAnExistingAccountIsRefused() {
        String email = email("sas-taken");
        Http.Response first = signUpWithProvider(email);
        String attacker = AuthorizationServerStandIn.addUser(email, false);
        Map<String, String> q = dance(attacker, Pkce.fresh());
        assertThat(q).containsEntry("error_code", "email_exists").doesNotContainKey("code");
        assertThat(first.status()).isEqualTo(200);
    }

    private Http.Response signUpWithProvider(String email) {
        String username = AuthorizationServerStandIn.addUser(email, true);
        Pkce pkce = Pkce.fresh();
        Http.Response session = exchange(dance(username, pkce).get("code"), pkce.verifier());
        track(session);
        return session;
    }
}

package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.security.ratelimit.PathVariants.Variant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Through a real Tomcat (which decodes the path itself, unlike MockMvc): a client that used up a limited
 * route's quota (1 here) is refused on every other spelling of that route too, before any handler.
 */
class RouteGroupOverHttpProperties {

    @Provide
    Arbitrary<Variant> variants() {
        return PathVariants.variants();
    }

    @Property(tries = 140)
    void aSpelledPathDrawsOnTheRoutesOwnBucket(@ForAll("variants") Variant v) {
        int port = SmallLimitsApp.port();
        String client = SmallLimitsApp.freshAddress();
        RawHttp.Response first = RawHttp.post(client, port, v.route().target(v.route().path()));
        assertThat(first.status()).as("first " + v).isNotEqualTo(429);
        RawHttp.Response again = RawHttp.post(client, port, v.route().target(v.path()));
        assertThat(again.status()).as(v.toString()).isEqualTo(429);
        assertThat(again.header("Retry-After")).as(v.toString()).isNotNull();
    }

    @Example
    void theReportedSpellings() {
        int port = SmallLimitsApp.port();
        String[][] cases = {
                {"/auth/v1/signup", "/auth/v1/sign%75p"},
                {"/auth/v1/token?grant_type=password", "/auth/v1/tok%65n?grant_type=password"},
                {"/api/v1/invitations", "/api/v1/invit%61tions"},
                {"/api/v1/public/lead-capture", "/api/v1/public/lead-c%61pture"}};
        for (String[] c : cases) {
            String client = SmallLimitsApp.freshAddress();
            assertThat(RawHttp.post(client, port, c[0]).status()).as(c[0]).isNotEqualTo(429);
            assertThat(RawHttp.post(client, port, c[1]).status()).as(c[1]).isEqualTo(429);
        }
    }
}

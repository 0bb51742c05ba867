package com.leadignite.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.auth.api.GoTrueErrorRenderer;
import com.leadignite.security.ratelimit.PathVariants.Variant;
import com.leadignite.web.path.RequestPaths;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.mock.web.MockHttpServletRequest;

/** The route group, and every other decision taken on the path, sees through any spelling of a route. */
class RoutePathVariantsProperties {

    @Provide
    Arbitrary<Variant> variants() {
        return PathVariants.variants();
    }

    @Property(tries = 2000)
    void everySpellingOfALimitedRouteIsInItsGroup(@ForAll("variants") Variant v) {
        MockHttpServletRequest request = request(v);
        assertThat(RouteGroup.of(request)).as(v.toString()).isEqualTo(v.route().group());
    }

    @Property(tries = 1000)
    void spellingsWithoutCaseChangesNormalizeToTheRoute(@ForAll("variants") Variant v) {
        // Case is kept by the helper (path patterns are case-sensitive), so compare ignoring it.
        assertThat(RequestPaths.normalize(v.path(), "")).as(v.toString()).isEqualToIgnoringCase(v.route().path());
        boolean auth = v.route().path().startsWith("/auth/v1/");
        boolean caseKept = RequestPaths.normalize(v.path(), "").startsWith("/auth/v1/");
        if (auth && caseKept) {
            assertThat(GoTrueErrorRenderer.isAuthPath(request(v))).as(v.toString()).isTrue();
        }
    }

    @Example
    void theReportedSpellings() {
        assertThat(RequestPaths.normalize("/auth/v1/sign%75p", "")).isEqualTo("/auth/v1/signup");
        assertThat(RequestPaths.normalize("/auth/v1/tok%65n", "")).isEqualTo("/auth/v1/token");
        assertThat(RequestPaths.normalize("/api/v1/invit%61tions", "")).isEqualTo("/api/v1/invitations");
        assertThat(RequestPaths.normalize("/api/v1/public/lead-c%61pture", "")).isEqualTo("/api/v1/public/lead-capture");
        assertThat(RequestPaths.normalize("/app//api/v1;x=1/./leads/../leads/", "/app")).isEqualTo("/api/v1/leads");
        assertThat(RequestPaths.normalize("/%zz", "")).isEqualTo("/%zz");
        assertThat(RequestPaths.normalize("", "")).isEqualTo("/");
        assertThat(RequestPaths.normalize("/../..", "")).isEqualTo("/");
    }

    private static MockHttpServletRequest request(Variant v) {
        MockHttpServletRequest request = new MockHttpServletRequest(v.route().method(), v.path());
        request.setRequestURI(v.path());
        request.setQueryString(v.route().query());
        return request;
    }
}

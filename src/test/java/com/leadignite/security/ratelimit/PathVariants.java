package com.leadignite.security.ratelimit;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Every rate-limited route of API.md §8 and spellings of its path that the container and Spring still
 * route (or at least may): percent-encoded characters in either hex case, changed letter case, doubled
 * and trailing slashes, {@code ;} path parameters.
 */
final class PathVariants {

    record Route(String method, String path, String query, RouteGroup group) {
        String target(String spelledPath) {
            return query == null ? spelledPath : spelledPath + "?" + query;
        }
    }

    record Variant(Route route, String path) {
        @Override
        public String toString() {
            return route.method() + " " + route.target(path) + " (" + route.group() + ")";
        }
    }

    static final List<Route> LIMITED = List.of(
            new Route("POST", "/auth/v1/signup", null, RouteGroup.SIGN_UP),
            new Route("POST", "/api/v1/invitations", null, RouteGroup.SIGN_UP),
            new Route("POST", "/auth/v1/token", "grant_type=password", RouteGroup.SIGN_IN),
            new Route("POST", "/auth/v1/reauthenticate", null, RouteGroup.SIGN_IN),
            new Route("POST", "/auth/v1/token", "grant_type=refresh_token", RouteGroup.REFRESH),
            new Route("POST", "/api/v1/public/lead-capture", null, RouteGroup.LEAD_CAPTURE),
            new Route("POST", "/webhooks/vapi/3b1f2c1e-6a43-4c55-9d7e-0a5c2f9e8b11", null, RouteGroup.WEBHOOKS));

    private static final List<String> PARAMS = List.of("", "a=b", "jsessionid=x", "v=1,2", "%61");

    private PathVariants() {
    }

    static Arbitrary<Variant> variants() {
        return Combinators.combine(Arbitraries.of(LIMITED), Arbitraries.longs())
                .as((route, seed) -> new Variant(route, spell(route.path(), new Random(seed))));
    }

    /** A random spelling of {@code path}; always differs from it in at least one place. */
    static String spell(String path, Random rnd) {
        String spelled;
        do {
            spelled = spellOnce(path, rnd);
        } while (spelled.equals(path));
        return spelled;
    }

    private static String spellOnce(String path, Random rnd) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.substring(1).split("/")) {
            out.append('/');
            while (rnd.nextInt(5) == 0) {
                out.append('/');
            }
            for (char c : segment.toCharArray()) {
                switch (rnd.nextInt(4)) {
                    case 0 -> out.append(String.format(Locale.ROOT, rnd.nextBoolean() ? "%%%02X" : "%%%02x", (int) c));
                    case 1 -> out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    default -> out.append(c);
                }
            }
            if (rnd.nextInt(5) == 0) {
                out.append(';').append(PARAMS.get(rnd.nextInt(PARAMS.size())));
            }
        }
        for (int i = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0; i > 0; i--) {
            out.append('/');
        }
        return out.toString();
    }
}

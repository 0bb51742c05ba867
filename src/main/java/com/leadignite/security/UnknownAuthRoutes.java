package com.leadignite.security;

import com.leadignite.web.path.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Requests under {@code /auth/v1} that no handler serves: an unknown path, or a known path with a method it
 * does not take. They are let through security without reading a bearer, so the dispatcher answers them 404
 * {@code not_found} / 405 {@code method_not_allowed} in the GoTrue shape; otherwise supabase-js, which sends
 * its publishable key as a bearer, would be told {@code bad_jwt} for a route that does not exist. The routes
 * are read from the handler mappings themselves (on first use), so a new {@code /auth/v1} handler is behind
 * the bearer check the moment it is mapped.
 */
final class UnknownAuthRoutes implements RequestMatcher {

    static final String PREFIX = "/auth/v1";
    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    private record Route(RequestMatcher path, Set<RequestMethod> methods) {
        boolean serves(HttpServletRequest request) {
            if (!path.matches(request)) {
                return false;
            }
            if (methods.isEmpty()) {
                return true;
            }
            RequestMethod m = RequestMethod.resolve(request.getMethod());
            // The dispatcher serves HEAD with the GET handler.
            return m != null && (methods.contains(m) || (m == RequestMethod.HEAD && methods.contains(RequestMethod.GET)));
        }
    }

    private final Supplier<List<Route>> routes;

    UnknownAuthRoutes(Supplier<RequestMappingHandlerMapping> mappings) {
        this.routes = SingletonSupplier.of(() -> routesOf(mappings.get()));
    }

    private static List<Route> routesOf(RequestMappingHandlerMapping mapping) {
        List<Route> out = new ArrayList<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals(PREFIX) || pattern.startsWith(PREFIX + "/")) {
                    out.add(new Route(PATHS.matcher(pattern), info.getMethodsCondition().getMethods()));
                }
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        String path = RequestPaths.of(request);
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return false;
        }
        for (Route r : routes.get()) {
            if (r.serves(request)) {
                return false;
            }
        }
        return true;
    }
}

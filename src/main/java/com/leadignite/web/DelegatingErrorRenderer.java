package com.leadignite.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.ErrorResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one error renderer every filter, entry point and exception handler calls: the first
 * {@link ErrorRenderer.Route} whose matcher selects the request renders it, {@link ProblemRenderer}
 * otherwise. On an ERROR dispatch the matchers see the path the client asked for, not {@code /error}.
 */
public class DelegatingErrorRenderer implements ErrorRenderer {

    private final List<Route> routes;
    private final ErrorRenderer fallback;
    private final JsonMapper json;

    public DelegatingErrorRenderer(List<Route> routes, ErrorRenderer fallback, JsonMapper json) {
        this.routes = List.copyOf(routes);
        this.fallback = fallback;
        // The application's mapper (naming, limits), with the ProblemDetail members flattened as MVC writes them.
        this.json = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
    }

    @Override
    public ResponseEntity<Object> render(ErrorResponse error, HttpServletRequest request) {
        if (request == null) {
            return fallback.render(error, null);
        }
        HttpServletRequest asked = asAsked(request);
        for (Route route : routes) {
            if (route.matcher().matches(asked)) {
                return route.renderer().render(error, request);
            }
        }
        return fallback.render(error, request);
    }

    /**
     * Writes the answer straight to the servlet response (from a filter or an entry point), with the
     * static security headers, since the security chain's header writer may not have run. Nothing is
     * written to a response already committed.
     */
    public void write(ErrorResponse error, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ResponseEntity<Object> answer = render(error, request);
        response.resetBuffer();
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> {
            response.setHeader(name, null);
            values.forEach(v -> response.addHeader(name, v));
        });
        Problems.applyStaticSecurityHeaders(response, request.isSecure());
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(answer.getBody()));
        response.flushBuffer();
    }

    /** The request as the client sent it: on an ERROR dispatch, its original path. */
    private static HttpServletRequest asAsked(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri)) {
            return request;
        }
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return uri;
            }
        };
    }
}

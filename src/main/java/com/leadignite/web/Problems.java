package com.leadignite.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the RFC 9457 bodies of API.md §0: {@code type, title, status, detail, instance, request_id}
 * (+ {@code errors} for validation). {@code detail} is always one of our own fixed texts, never an
 * exception message, so nothing internal can reach a client. Usable from MVC (as a ResponseEntity) and
 * from filters (written straight to the servlet response).
 */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static Map<String, Object> body(HttpStatusCode status, URI type, String detail, HttpServletRequest request,
                                           List<FieldErrorException.FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type == null ? defaultType(status).toString() : type.toString());
        body.put("title", title(status));
        body.put("status", status.value());
        body.put("detail", detail == null ? defaultDetail(status) : detail);
        body.put("instance", request == null ? null : path(request));
        body.put("request_id", requestId(request));
        if (errors != null && !errors.isEmpty()) {
            body.put("errors", errors.stream().map(e -> {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("field", e.field());
                m.put("message", e.message());
                return m;
            }).toList());
        }
        return body;
    }

    public static ResponseEntity<Object> entity(HttpStatusCode status, URI type, String detail, HttpServletRequest request,
                                                List<FieldErrorException.FieldError> errors, HttpHeaders headers) {
        HttpHeaders h = new HttpHeaders();
        if (headers != null) {
            h.putAll(headers);
        }
        h.setContentType(PROBLEM_JSON);
        return new ResponseEntity<>(body(status, type, detail, request, errors), h, status);
    }

    public static void write(HttpServletResponse response, HttpStatusCode status, URI type, String detail,
                             HttpServletRequest request) throws IOException {
        response.setStatus(status.value());
        applyStaticSecurityHeaders(response, request != null && request.isSecure());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body(status, type, detail, request, null)));
        response.flushBuffer();
    }

    /** Body with the request id and instance filled in by the caller (outside a servlet request). */
    static String json(Map<String, Object> body, String requestId, String instance) {
        body.put("instance", instance);
        body.put("request_id", requestId);
        return JSON.writeValueAsString(body);
    }

    /**
     * The API.md §0 headers, for problems written where the security chain's header writer may not run
     * (a request refused by the firewall or the container). Never overrides what is already set.
     */
    public static void applyStaticSecurityHeaders(HttpServletResponse response, boolean secure) {
        setIfAbsent(response, "X-Content-Type-Options", "nosniff");
        setIfAbsent(response, "X-Frame-Options", "DENY");
        setIfAbsent(response, "Referrer-Policy", "no-referrer");
        setIfAbsent(response, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        setIfAbsent(response, HttpHeaders.CACHE_CONTROL, "no-store");
        if (secure) {
            setIfAbsent(response, "Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
    }

    private static void setIfAbsent(HttpServletResponse response, String name, String value) {
        if (!response.containsHeader(name)) {
            response.setHeader(name, value);
        }
    }

    /** The problem type: {@code about:blank} is not helpful to clients, so each status has a slug. */
    public static URI defaultType(HttpStatusCode status) {
        String slug = switch (status.value()) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "unprocessable";
            case 429 -> "too-many-requests";
            default -> status.is5xxServerError() ? "internal-error" : "client-error";
        };
        return URI.create(ApiException.TYPE_BASE + slug);
    }

    public static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error" : known.getReasonPhrase();
    }

    /** Generic, client-safe texts; 5xx never says more than this. */
    public static String defaultDetail(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "The request is not valid.";
            case 401 -> "Authentication is required to access this resource.";
            case 403 -> "You are not allowed to do this.";
            case 404 -> "The resource was not found.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "The requested representation is not available.";
            case 413 -> "The request body is too large.";
            case 415 -> "The content type is not supported.";
            case 429 -> "Too many requests. Try again later.";
            default -> status.is5xxServerError() ? "An internal error occurred. Quote the request id when reporting it."
                    : "The request could not be processed.";
        };
    }

    public static String requestId(HttpServletRequest request) {
        String id = RequestIds.current();
        if (id == null && request != null && request.getAttribute(RequestIds.ATTRIBUTE) instanceof String s) {
            id = s;
        }
        return id;
    }

    /** The path without context or query string: enough to identify the resource, nothing the client did not send. */
    static String path(HttpServletRequest request) {
        Object original = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String s ? s : request.getRequestURI();
        return uri == null || uri.length() > 2048 ? null : uri;
    }
}

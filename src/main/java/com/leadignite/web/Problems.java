package com.leadignite.web;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * The fixed parts of API.md §0 problems: a type slug and a client-safe detail per status, and the static
 * security headers. Bodies are built only by {@link ProblemRenderer}.
 */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
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
}

package com.leadignite.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;

/**
 * RFC 9457 problems of API.md §0: {@code type, title, status, detail, instance, request_id} and the
 * error's own members ({@code errors}, {@code violated-policies}), always {@code application/problem+json}.
 * Only an {@link ApiException} chooses its type and detail; any other error (Spring MVC's own) gets the
 * fixed texts of its status, so no exception message can reach a client. The request id is added here
 * and nowhere else.
 */
public class ProblemRenderer implements ErrorRenderer {

    @Override
    public ResponseEntity<Object> render(ErrorResponse error, HttpServletRequest request) {
        HttpStatusCode status = error.getStatusCode();
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(error.getHeaders());
        headers.setContentType(Problems.PROBLEM_JSON);
        return new ResponseEntity<>(problem(error, instance(request), RequestIds.of(request)), headers, status);
    }

    /** The body alone, for a caller outside a servlet request (the container's error page). */
    public static ProblemDetail problem(ErrorResponse error, String instance, String requestId) {
        HttpStatusCode status = error.getStatusCode();
        ProblemDetail trusted = error instanceof ApiException ? error.getBody() : null;
        ProblemDetail p = ProblemDetail.forStatus(status);
        p.setType(trusted != null && trusted.getType() != null ? trusted.getType() : Problems.defaultType(status));
        p.setTitle(Problems.title(status));
        p.setDetail(trusted != null && trusted.getDetail() != null ? trusted.getDetail() : Problems.defaultDetail(status));
        p.setInstance(uri(instance));
        p.setProperty("request_id", requestId);
        if (trusted != null && trusted.getProperties() != null) {
            trusted.getProperties().forEach(p::setProperty);
        }
        return p;
    }

    /** The path without context or query string: enough to identify the resource, nothing the client did not send. */
    static String instance(HttpServletRequest request) {
        if (request == null) {
            return null;
        }
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return original instanceof String s ? s : request.getRequestURI();
    }

    private static URI uri(String path) {
        if (path == null || path.length() > 2048) {
            return null;
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            return null; // not a valid URI reference: left out rather than re-encoded
        }
    }
}

package com.leadignite.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * An expected failure answered as an RFC 9457 problem outside {@code /auth/v1}. {@code detail} is
 * shown to the client, so it must be generic: no ids of other tenants, no internals.
 */
public class ApiException extends RuntimeException {

    public static final String TYPE_BASE = "https://leadignite.app/problems/";

    private final HttpStatus status;
    private final URI type;

    public ApiException(HttpStatus status, String typeSlug, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = typeSlug == null ? URI.create("about:blank") : URI.create(TYPE_BASE + typeSlug);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    /** The record does not exist or belongs to another org: both answer the same. */
    public static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "The resource was not found.");
    }

    public static ApiException forbidden() {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this.");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "bad-request", detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable", detail);
    }
}

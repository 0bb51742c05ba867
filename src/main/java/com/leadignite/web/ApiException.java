package com.leadignite.web;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An expected failure: an RFC 9457 problem outside {@code /auth/v1}, translated to the GoTrue shape under
 * it (see {@link ErrorRenderer}). {@code detail} is shown to the client, so it must be generic: no ids of
 * other tenants, no internals. Headers that belong to the answer ({@code Retry-After}...) travel with it.
 */
public class ApiException extends ErrorResponseException {

    public static final String TYPE_BASE = "https://leadignite.app/problems/";

    public ApiException(HttpStatusCode status, String typeSlug, String detail) {
        this(status, typeSlug == null ? URI.create("about:blank") : URI.create(TYPE_BASE + typeSlug), detail);
    }

    /** With a full problem type URI (the IANA-registered ones). */
    public ApiException(HttpStatusCode status, URI type, String detail) {
        super(status, problem(status, type, detail), null);
    }

    private static ProblemDetail problem(HttpStatusCode status, URI type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail == null ? Problems.defaultDetail(status) : detail);
        p.setType(type == null ? Problems.defaultType(status) : type);
        p.setTitle(Problems.title(status));
        return p;
    }

    /** Expected outcomes need no stack trace (and must never show one). */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** The status of {@code status} with the default type and detail. */
    public static ApiException of(HttpStatusCode status) {
        return new ApiException(status, (URI) null, null);
    }

    public HttpStatus status() {
        return HttpStatus.valueOf(getStatusCode().value());
    }

    public URI type() {
        return getBody().getType();
    }

    public String detail() {
        return getBody().getDetail();
    }

    @Override
    public String getMessage() {
        return detail();
    }

    /** Adds a response header (for example {@code Retry-After}); returns this for chaining. */
    public ApiException withHeader(String name, String value) {
        getHeaders().set(name, value);
        return this;
    }

    /** Adds a member to the problem body; returns this for chaining. */
    public ApiException withProperty(String name, Object value) {
        getBody().setProperty(name, value);
        return this;
    }

    public ApiException retryAfter(long seconds) {
        return withHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
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

package com.leadignite.web;

import java.io.IOException;

/** A request body did not arrive within its read deadline; answered with 408 and the connection closed. */
public class BodyReadTimeoutException extends IOException {

    public BodyReadTimeoutException() {
        super("request body not received in time", null);
    }

    /** The status a failed body read answers with, or null when {@code t} is no body-limit failure. */
    static org.springframework.http.HttpStatus statusOf(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return org.springframework.http.HttpStatus.PAYLOAD_TOO_LARGE;
            }
            if (t instanceof BodyReadTimeoutException) {
                return org.springframework.http.HttpStatus.REQUEST_TIMEOUT;
            }
        }
        return null;
    }
}

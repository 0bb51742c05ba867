package com.leadignite.web;

import java.io.IOException;

/** A streamed body grew past its limit while being read; answered with 413. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException() {
        super("request body exceeds the configured limit", null);
    }
}

package com.leadignite.security.resources;

/** A bounded resource is fully in use; the request is refused at once rather than queued. */
public class CapacityExceededException extends RuntimeException {

    public CapacityExceededException() {
        super("capacity exceeded", null, false, false);
    }
}

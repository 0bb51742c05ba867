package com.leadignite.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A 400 validation problem that names the offending JSON fields ({@code errors:[{field,message}]}). */
public class FieldErrorException extends ApiException {

    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public FieldErrorException(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, "validation", "The request is not valid.");
        this.errors = List.copyOf(errors);
        if (!this.errors.isEmpty()) {
            withProperty("errors", this.errors);
        }
    }

    public static FieldErrorException of(String field, String message) {
        return new FieldErrorException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}

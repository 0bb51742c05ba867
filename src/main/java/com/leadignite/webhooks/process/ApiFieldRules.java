package com.leadignite.webhooks.process;

import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Provider data goes through the same field rules as the API's request bodies (the Bean Validation
 * constraints of {@code LeadInput} and {@code CallInput}: lengths, E.164, email, enums, plain text,
 * https URLs). Where the API would answer 400, a webhook field is dropped instead and its name noted,
 * so one bad field from a provider neither blocks the rest of the event nor reaches the database.
 */
@Component
class ApiFieldRules {

    private final Validator validator;

    ApiFieldRules(Validator validator) {
        this.validator = validator;
    }

    /** A checker against the constraints of the API input record {@code type}. */
    Checker against(Class<? extends Record> type) {
        return new Checker(type);
    }

    final class Checker {
        private final Class<? extends Record> type;
        private final List<String> dropped = new ArrayList<>();

        private Checker(Class<? extends Record> type) {
            this.type = type;
        }

        /**
         * {@code value} if the constraints on {@code property} accept it, else null; {@code field} (the
         * JSON name) is noted as dropped when the provider sent something ({@code sent} not null).
         */
        <T> T keep(String field, String property, Object sent, T value) {
            return keepIf(field, sent, value, value != null && validator.validateValue(type, property, value).isEmpty());
        }

        /** {@code value} if {@code valid}, else null, noting {@code field} as dropped when something was sent. */
        <T> T keepIf(String field, Object sent, T value, boolean valid) {
            if (value != null && valid) {
                return value;
            }
            if (sent != null) {
                dropped.add(field);
            }
            return null;
        }

        /** JSON names of the fields that were sent but failed the rules. */
        List<String> dropped() {
            return List.copyOf(dropped);
        }
    }
}

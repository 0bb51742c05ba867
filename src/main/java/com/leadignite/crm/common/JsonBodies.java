package com.leadignite.crm.common;

import com.leadignite.web.FieldErrorException;
import com.leadignite.web.JsonNames;
import com.leadignite.web.FieldErrorException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.groups.Default;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict reading of JSON request bodies into records, with every failure a 400 that names the field by
 * its JSON ({@code snake_case}) name:
 * <ol>
 *   <li>the body must be a JSON object;</li>
 *   <li>server-set fields ({@code id}, {@code org_id}, ...) are refused explicitly, unknown fields too
 *       (mass assignment never hides behind a silently ignored field);</li>
 *   <li>each value must have the JSON type of its component (no coercion of {@code 123} into a string
 *       or of {@code "5"} into a number), integers must fit, UUIDs and RFC 3339 timestamps must parse;</li>
 *   <li>the bound record is checked with Bean Validation ({@link OnCreate} group on create).</li>
 * </ol>
 * Record components map to JSON names by the global snake_case naming ({@code firstName} ↔ {@code first_name}).
 * Controllers take the body as {@code @RequestBody JsonNode} and pass it here.
 */
@Component
public class JsonBodies {

    private static final Map<Class<?>, Map<String, Class<?>>> FIELDS = new ConcurrentHashMap<>();

    private final JsonMapper mapper;
    private final Validator validator;

    public JsonBodies(JsonMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** A body that creates a resource: all constraints, including the {@link OnCreate} ones, apply. */
    public <T extends Record> T create(JsonNode body, Class<T> type, Set<String> serverSet) {
        precheck(body, type, serverSet, Set.of());
        T value = bind(body, type);
        validate(value, Default.class, OnCreate.class);
        return value;
    }

    /**
     * A PATCH body: only the fields present change. {@code notNullable} lists JSON fields that may be
     * absent but never {@code null} (required fields, fields with a default).
     */
    public <T extends Record> Patch<T> patch(JsonNode body, Class<T> type, Set<String> serverSet, Set<String> notNullable) {
        precheck(body, type, serverSet, notNullable);
        T value = bind(body, type);
        validate(value, Default.class);
        return new Patch<>(value, new LinkedHashSet<>(body.propertyNames()));
    }

    private void precheck(JsonNode body, Class<?> type, Set<String> serverSet, Set<String> notNullable) {
        if (body == null || !body.isObject()) {
            throw FieldErrorException.of("body", "must be a JSON object");
        }
        Map<String, Class<?>> fields = fields(type);
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (serverSet.contains(name)) {
                errors.add(new FieldError(name, "is set by the server and cannot be sent"));
            } else if (!fields.containsKey(name)) {
                errors.add(new FieldError(name, "is not a known field"));
            } else if (v.isNull()) {
                if (notNullable.contains(name)) {
                    errors.add(new FieldError(name, "must not be null"));
                }
            } else {
                String problem = typeProblem(fields.get(name), v);
                if (problem != null) {
                    errors.add(new FieldError(name, problem));
                }
            }
        }
        fail(errors);
    }

    /** Why {@code v} cannot be a value of {@code t}, or null when it can. */
    static String typeProblem(Class<?> t, JsonNode v) {
        if (t == String.class) {
            return v.isString() ? null : "must be a string";
        }
        if (t == Integer.class || t == int.class) {
            if (!v.isIntegralNumber()) {
                return "must be an integer";
            }
            return v.canConvertToInt() ? null : "is out of range";
        }
        if (t == Long.class || t == long.class) {
            if (!v.isIntegralNumber()) {
                return "must be an integer";
            }
            return v.canConvertToLong() ? null : "is out of range";
        }
        if (t == Boolean.class || t == boolean.class) {
            return v.isBoolean() ? null : "must be true or false";
        }
        if (t == UUID.class) {
            if (!v.isString() || v.stringValue().length() != 36) {
                return "must be a UUID";
            }
            try {
                UUID.fromString(v.stringValue());
                return null;
            } catch (IllegalArgumentException ex) {
                return "must be a UUID";
            }
        }
        if (t == Instant.class || t == OffsetDateTime.class) {
            if (!v.isString()) {
                return "must be an RFC 3339 timestamp";
            }
            try {
                OffsetDateTime.parse(v.stringValue());
                return null;
            } catch (DateTimeParseException ex) {
                return "must be an RFC 3339 timestamp";
            }
        }
        return null;
    }

    private <T> T bind(JsonNode body, Class<T> type) {
        try {
            return mapper.treeToValue(body, type);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() || e.getPath().get(0).getPropertyName() == null
                    ? "body" : e.getPath().get(0).getPropertyName();
            throw FieldErrorException.of(field, "has an invalid value");
        }
    }

    private void validate(Object value, Class<?>... groups) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<Object> v : validator.validate(value, groups)) {
            errors.add(new FieldError(JsonNames.ofPath(v.getPropertyPath().toString()), v.getMessage()));
        }
        fail(errors);
    }

    private static void fail(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
            throw new FieldErrorException(errors);
        }
    }

    /** JSON name to Java type of each record component. */
    static Map<String, Class<?>> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            Map<String, Class<?>> out = new LinkedHashMap<>();
            for (RecordComponent c : t.getRecordComponents()) {
                out.put(JsonNames.of(c.getName()), c.getType());
            }
            return Map.copyOf(out);
        });
    }
}

package com.leadignite.crm.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An absolute {@code https://} URL with a host and without user-info ({@code https://user:pw@host}),
 * at most 2048 characters. Null passes (combine with {@code @NotNull} when required).
 */
@Documented
@Constraint(validatedBy = HttpsUrl.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface HttpsUrl {

    String message() default "must be an https URL";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<HttpsUrl, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext ctx) {
            return value == null || isHttpsUrl(value);
        }

        public static boolean isHttpsUrl(String value) {
            if (value.length() > 2048 || !value.startsWith("https://") || !Texts.isPlain(value, false)) {
                return false;
            }
            try {
                URI uri = new URI(value);
                return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null
                        && !uri.getHost().isBlank() && uri.getRawUserInfo() == null;
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }
}

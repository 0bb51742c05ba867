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

/** The annotated text follows {@link Texts#isPlain}: no control characters (bar line breaks and tabs when {@code multiline}). */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    boolean multiline() default false;

    String message() default "must be plain text without control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {
        private boolean multiline;

        @Override
        public void initialize(PlainText a) {
            multiline = a.multiline();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext ctx) {
            return Texts.isPlain(value, multiline);
        }
    }
}

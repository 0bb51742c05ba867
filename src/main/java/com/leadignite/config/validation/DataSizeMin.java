package com.leadignite.config.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.util.unit.DataSize;

/**
 * A {@link DataSize} setting must be at least {@link #value()} (Spring's syntax: {@code 1B}, {@code 64KB},
 * {@code 16MB}); {@code null} is left to {@code @NotNull}. Bean Validation has no constraint for this type.
 */
@Documented
@Constraint(validatedBy = DataSizeMin.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface DataSizeMin {

    String value();

    String message() default "must be at least {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<DataSizeMin, DataSize> {

        private long bound;

        @Override
        public void initialize(DataSizeMin annotation) {
            bound = DataSize.parse(annotation.value()).toBytes();
        }

        @Override
        public boolean isValid(DataSize value, ConstraintValidatorContext context) {
            return value == null || !(value.toBytes() < bound);
        }
    }
}

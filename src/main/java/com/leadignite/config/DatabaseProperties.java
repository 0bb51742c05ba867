package com.leadignite.config;

import com.leadignite.config.logging.Redacted;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Database connection settings.
 *
 * @param url         JDBC URL of an external PostgreSQL; blank starts the embedded one under the data directory
 * @param user        the migration owner (owns the schema, runs Flyway; never used for requests)
 * @param password    the owner's password
 * @param appUser     the runtime login role: owns nothing, cannot bypass row-level security
 * @param appPassword the runtime role's password
 * @param poolSize    maximum connections of the runtime pool
 * @param allowEmbedded whether the {@code prod} profile may run the embedded server ({@code DATABASE_ALLOW_EMBEDDED});
 *                    outside {@code prod} it always may
 */
@Validated
@ConfigurationProperties("leadignite.database")
public record DatabaseProperties(
        String url,
        @NotBlank String user,
        String password,
        @NotBlank @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}", message = "must be a plain lower-case PostgreSQL role name")
        String appUser,
        String appPassword,
        @Min(1) @Max(200) int poolSize,
        boolean allowEmbedded) {

    public boolean embedded() {
        return url == null || url.isBlank();
    }

    @Override
    public String toString() {
        return "DatabaseProperties[url=" + Redacted.url(url) + ", user=" + user + ", password=" + Redacted.secret(password)
                + ", appUser=" + appUser + ", appPassword=" + Redacted.secret(appPassword) + ", poolSize=" + poolSize
                + ", allowEmbedded=" + allowEmbedded + "]";
    }
}

package com.leadignite.config;

import com.leadignite.config.logging.Redacted;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every feature shares.
 *
 * @param publicBaseUrl external base URL: token issuer, webhook URLs and redirects are derived from it
 * @param dataDir       where the embedded database and generated key files live
 */
@Validated
@ConfigurationProperties("leadignite")
public record AppProperties(
        @NotBlank @Pattern(regexp = "https?://[^\\s/]+(/[^\\s]*)?", message = "must be an http(s) URL without trailing spaces")
        String publicBaseUrl,
        @NotBlank String dataDir) {

    public AppProperties {
        if (publicBaseUrl != null && publicBaseUrl.endsWith("/")) {
            publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
        }
    }

    @Override
    public String toString() {
        return "AppProperties[publicBaseUrl=" + Redacted.url(publicBaseUrl) + ", dataDir=" + dataDir + "]";
    }

    /** The {@code iss} of tokens this service signs. */
    public String issuer() {
        return publicBaseUrl + "/auth/v1";
    }
}

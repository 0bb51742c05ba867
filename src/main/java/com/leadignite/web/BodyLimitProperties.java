package com.leadignite.web;

import com.leadignite.config.validation.DataSizeMax;
import com.leadignite.config.validation.DataSizeMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Request body limits (API.md §0): larger bodies are refused with 413 before they are read; a body
 * still arriving after {@code readTimeout} is refused with 408.
 *
 * @param defaultMax every route except webhooks
 * @param webhooksMax {@code /webhooks/**}, whose provider payloads are larger
 * @param readTimeout how long, from the start of the request, its body may take to arrive (each read
 *                    may further wait up to Tomcat's {@code server.tomcat.connection-timeout})
 */
@Validated
@ConfigurationProperties("leadignite.http.body-limit")
public record BodyLimitProperties(
        @NotNull @DataSizeMin("1B") @DataSizeMax("16MB") DataSize defaultMax,
        @NotNull @DataSizeMin("1B") @DataSizeMax("16MB") DataSize webhooksMax,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) @DefaultValue("10s") Duration readTimeout) {

    public long limitFor(String path) {
        return path != null && path.startsWith("/webhooks/") ? webhooksMax.toBytes() : defaultMax.toBytes();
    }
}

package com.leadignite.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many requests one client address may have in progress at once; more are refused with 429 before
 * their body is read, so slow clients from one address cannot occupy every worker thread.
 *
 * @param perClient concurrent requests per client address (as resolved by the client-IP filter)
 */
@Validated
@ConfigurationProperties("leadignite.http.in-flight")
public record InFlightLimitProperties(@Min(1) @Max(10_000) @DefaultValue("32") int perClient) {
}

package com.leadignite.web;

import java.util.Map;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * With the {@code metrics} profile the actuator lives on the private management port; this keeps the
 * public {@code GET /actuator/health} of API.md §6 on the public port, saying only the overall status.
 */
@RestController
@Profile("metrics")
public class PublicHealthController {

    private final HealthEndpoint health;

    public PublicHealthController(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping(path = "/actuator/health", produces = "application/json")
    public ResponseEntity<Map<String, String>> health() {
        Status status = health.health().getStatus();
        HttpStatus http = Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(http).body(Map.of("status", status.getCode()));
    }
}

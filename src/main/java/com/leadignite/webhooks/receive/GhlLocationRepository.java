package com.leadignite.webhooks.receive;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The GoHighLevel location an org has connected ({@code public.ghl_location_of_org}, V200). */
@Repository
public class GhlLocationRepository {

    private final JdbcClient jdbc;

    public GhlLocationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> locationOf(UUID orgId) {
        return jdbc.sql("select public.ghl_location_of_org(:org)").param("org", orgId).query(String.class).optional();
    }
}

package com.leadignite.security.authz;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which org a record belongs to, whoever asks, through the definer function {@code public.crm_record_org}
 * (nothing else about the record): for auditing a probe in the org probed. The one such lookup.
 */
@Repository
class RecordOrgRepository {

    /** The record kinds {@code crm_record_org} knows. */
    static final Set<String> KINDS = Set.of("lead", "call", "assistant");

    private final JdbcClient jdbc;

    RecordOrgRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UUID> orgOf(String kind, UUID id) {
        return jdbc.sql("select public.crm_record_org(:kind, :id)")
                .param("kind", kind).param("id", id).query(UUID.class).optional();
    }
}

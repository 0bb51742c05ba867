package com.leadignite.crm.common;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which org a CRM record belongs to, whoever asks, through the definer function
 * {@code public.crm_record_org} (nothing else about the record): for auditing a probe in the org probed.
 */
@Repository
class RecordOrgRepository {

    private final JdbcClient jdbc;

    RecordOrgRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param kind {@code lead}, {@code call} or {@code assistant} */
    Optional<UUID> orgOf(String kind, UUID id) {
        return jdbc.sql("select public.crm_record_org(:kind, :id)")
                .param("kind", kind).param("id", id).query(UUID.class).optional();
    }
}

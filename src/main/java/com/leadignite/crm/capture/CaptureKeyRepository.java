package com.leadignite.crm.capture;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Resolves a public form key through the definer function {@code public.resolve_form_key}: no user is
 * known yet, and the form_keys policies admit only admins.
 */
@Repository
class CaptureKeyRepository {

    private final JdbcClient jdbc;

    CaptureKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<LeadCaptureService.ResolvedKey> resolve(String formKey) {
        return jdbc.sql("select org_id, allowed_origins, key_id from public.resolve_form_key(:key)")
                .param("key", formKey)
                .query((rs, n) -> new LeadCaptureService.ResolvedKey(rs.getObject(1, UUID.class),
                        Arrays.asList((String[]) rs.getArray(2).getArray()), rs.getObject(3, UUID.class)))
                .optional();
    }
}

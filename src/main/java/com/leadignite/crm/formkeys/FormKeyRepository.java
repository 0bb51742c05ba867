package com.leadignite.crm.formkeys;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FormKeyRepository {

    private static final String COLUMNS = "id, key, allowed_origins, created_by, created_at";

    private final JdbcClient jdbc;

    FormKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    FormKeyResource insert(UUID orgId, UUID createdBy, String key, List<String> origins) {
        return jdbc.sql("insert into public.form_keys (org_id, key, allowed_origins, created_by)"
                        + " values (:org, :key, string_to_array(:origins, ' '), :by) returning " + COLUMNS)
                // Origins are validated to contain no spaces, so a space-joined list round-trips exactly.
                .param("org", orgId).param("key", key).param("origins", String.join(" ", origins)).param("by", createdBy)
                .query(FormKeyRepository::map).single();
    }

    List<FormKeyResource> list(UUID orgId, int limit, long offset) {
        return jdbc.sql("select " + COLUMNS + " from public.form_keys where org_id = :org and deleted_at is null"
                        + " order by created_at desc, id limit :limit offset :offset")
                .param("org", orgId).param("limit", limit).param("offset", offset)
                .query(FormKeyRepository::map).list();
    }

    long count(UUID orgId) {
        return jdbc.sql("select count(*) from public.form_keys where org_id = :org and deleted_at is null")
                .param("org", orgId).query(Long.class).single();
    }

    Optional<FormKeyResource> delete(UUID orgId, UUID id) {
        return jdbc.sql("update public.form_keys set deleted_at = now()"
                        + " where id = :id and org_id = :org and deleted_at is null returning " + COLUMNS)
                .param("id", id).param("org", orgId)
                .query(FormKeyRepository::map).optional();
    }

    private static FormKeyResource map(ResultSet rs, int n) throws SQLException {
        Array arr = rs.getArray("allowed_origins");
        List<String> origins = arr == null ? List.of() : Arrays.asList((String[]) arr.getArray());
        return new FormKeyResource(rs.getObject("id", UUID.class), rs.getString("key"), List.copyOf(origins),
                rs.getObject("created_by", UUID.class), rs.getObject("created_at", OffsetDateTime.class));
    }
}

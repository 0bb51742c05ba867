package com.leadignite.crm.org;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code public.organizations}, under the caller's claims: members read their org, admins update it (V2). */
@Repository
public class OrgRepository {

    private final JdbcClient jdbc;

    public OrgRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Org> find(UUID orgId, boolean forUpdate) {
        return jdbc.sql("select id, name, require_mfa from public.organizations where id = :id"
                        + (forUpdate ? " for update" : ""))
                .param("id", orgId)
                .query((rs, n) -> new Org(rs.getObject("id", UUID.class), rs.getString("name"), rs.getBoolean("require_mfa")))
                .optional();
    }

    Org update(Org org) {
        return jdbc.sql("""
                update public.organizations set name = :name, require_mfa = :mfa, updated_at = now()
                 where id = :id returning id, name, require_mfa""")
                .param("id", org.id()).param("name", org.name()).param("mfa", org.requireMfa())
                .query((rs, n) -> new Org(rs.getObject("id", UUID.class), rs.getString("name"), rs.getBoolean("require_mfa")))
                .single();
    }
}

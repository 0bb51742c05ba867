package com.leadignite.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the request pipeline needs to know of a caller's MFA, read under the caller's own claims
 * (migration V150 lets a user read their own factors and every member their org's row).
 */
@Repository
class MfaStateRepository {

    private final JdbcClient jdbc;

    MfaStateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean hasVerifiedFactor() {
        return jdbc.sql("""
                select exists (select 1 from auth.mfa_factors f
                                where f.user_id = (select auth.uid()) and f.status = 'verified')""")
                .query(Boolean.class).single();
    }

    /** Whether the caller is an admin of an org that requires MFA of its admins. */
    boolean orgRequiresMfaOfCaller() {
        return jdbc.sql("""
                select coalesce((select o.require_mfa from public.organizations o where o.id = (select auth.org_id())), false)
                       and coalesce((select auth.user_role()), '') = 'admin'""")
                .query(Boolean.class).single();
    }
}

package com.leadignite.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SECURITY DEFINER functions run as the schema owner, and FORCE ROW LEVEL SECURITY binds the owner
 * too unless it is a superuser (a managed PostgreSQL never hands one out). Here the migrations run as
 * an owner that is neither superuser nor BYPASSRLS, and the runtime role calls every definer function
 * on rows of an org it has no claims for: each still finds exactly what it exists to find, through the
 * owner's own policies, while the runtime role's direct reads stay empty.
 */
class DefinerFunctionsTest {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String OWNER = "li_owner_" + SUFFIX;
    private static final String APP = "li_owner_app_" + SUFFIX;
    private static final String DB = "li_owner_db_" + SUFFIX;
    private static final String URL = "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/" + DB;

    private static final UUID ORG = UUID.randomUUID();
    private static final UUID ADMIN = UUID.randomUUID();
    private static final UUID LEAD = UUID.randomUUID();
    private static final UUID CALL = UUID.randomUUID();
    private static final UUID ASSISTANT = UUID.randomUUID();
    private static final UUID ENDPOINT = UUID.randomUUID();
    private static final UUID DUE_EVENT = UUID.randomUUID();
    private static final String FORM_KEY = "lfk_" + "A".repeat(32);

    /** Each call, as the runtime role without claims, and what it must answer. */
    private static final List<Check> CHECKS = List.of(
            new Check("select org_id::text from public.resolve_form_key(?)", FORM_KEY, ORG.toString()),
            new Check("select public.crm_record_org('lead', ?)::text", LEAD, ORG.toString()),
            new Check("select public.crm_record_org('call', ?)::text", CALL, ORG.toString()),
            new Check("select public.crm_record_org('assistant', ?)::text", ASSISTANT, ORG.toString()),
            new Check("select public.crm_record_exists('lead', ?)::text", LEAD, "true"),
            new Check("select org_id::text from public.webhook_endpoint_for_verification(?, 'vapi')", ENDPOINT, ORG.toString()),
            new Check("select count(*)::text from public.webhook_previous_secrets_for_verification(?, 'vapi')", ENDPOINT, "1"),
            new Check("select count(*)::text from public.webhook_events_due(100) where id = ?", DUE_EVENT, "1"),
            new Check("select public.webhook_events_purge(?, 10000)::text", 3600, "1"),
            new Check("select public.webhook_replay_ids_purge(?)::text", 300, "1"),
            new Check("select public.idempotency_keys_purge(?)::text", 10000, "1"));

    record Check(String sql, Object arg, String expected) {
    }

    @BeforeAll
    static void migrateAsAnOrdinaryOwner() throws SQLException {
        admin("create role " + OWNER + " login nosuperuser nobypassrls nocreaterole nocreatedb");
        admin("create role " + APP + " login nosuperuser nobypassrls");
        admin("create database " + DB + " owner " + OWNER);
        Flyway.configure()
                .dataSource(URL, OWNER, "")
                .locations("classpath:db/migration")
                .target(MigrationSquashTest.lastSquashedVersion())
                .placeholders(Map.of("app_role", APP))
                .load().migrate();
        try (Connection c = superuser(); Statement st = c.createStatement()) {
            st.execute("insert into public.organizations (id, name) values ('" + ORG + "', 'Definer org')");
            st.execute("insert into auth.users (id, org_id, email, role) values ('" + ADMIN + "', '" + ORG + "', 'definer@example.test', 'admin')");
            st.execute("insert into public.form_keys (org_id, key) values ('" + ORG + "', '" + FORM_KEY + "')");
            st.execute("insert into public.leads (id, org_id, first_name) values ('" + LEAD + "', '" + ORG + "', 'Lead')");
            st.execute("insert into public.assistants (id, org_id, name, provider) values ('" + ASSISTANT + "', '" + ORG + "', 'Bot', 'vapi')");
            st.execute("insert into public.calls (id, org_id, lead_id, direction, started_at) values ('" + CALL + "', '" + ORG + "', '"
                    + LEAD + "', 'inbound', now())");
            st.execute("insert into public.webhook_endpoints (id, org_id, provider, secret_enc) values ('" + ENDPOINT + "', '" + ORG
                    + "', 'vapi', '\\x01')");
            st.execute("insert into public.webhook_previous_secrets (endpoint_id, org_id, secret_enc, expires_at) values ('"
                    + ENDPOINT + "', '" + ORG + "', '\\x02', now() + interval '1 hour')");
            st.execute("insert into public.webhook_events (id, org_id, endpoint_id, provider, message_id, payload, next_attempt_at) values ('"
                    + DUE_EVENT + "', '" + ORG + "', '" + ENDPOINT + "', 'vapi', 'due', '{}', now() - interval '1 minute')");
            st.execute("insert into public.webhook_events (org_id, endpoint_id, provider, message_id, payload, status, received_at, stored_bytes)"
                    + " values ('" + ORG + "', '" + ENDPOINT + "', 'vapi', 'old', '{}', 'processed', now() - interval '2 days', 10)");
            st.execute("insert into public.webhook_storage_usage (org_id, bytes) values ('" + ORG + "', 10)");
            st.execute("insert into public.webhook_replay_ids (endpoint_id, message_id, org_id, seen_at) values ('" + ENDPOINT
                    + "', 'seen', '" + ORG + "', now() - interval '1 day')");
            st.execute("insert into public.idempotency_keys (user_id, org_id, key, request_hash, status, created_at, expires_at)"
                    + " values ('" + ADMIN + "', '" + ORG + "', 'k', sha256('x'), 'in_progress', now() - interval '2 days',"
                    + " now() - interval '1 day')");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        admin("drop database if exists " + DB + " with (force)");
        admin("drop role if exists " + APP);
        admin("drop role if exists " + OWNER);
    }

    @Test
    void theOwnerIsAnOrdinaryRole() throws SQLException {
        try (Connection c = superuser(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select rolsuper or rolbypassrls from pg_roles where rolname = '" + OWNER + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isFalse();
        }
    }

    @Test
    void everyDefinerFunctionFindsItsRowsForTheRuntimeRole() throws SQLException {
        for (Check check : CHECKS) {
            assertThat(asRuntimeRole(check, false)).as(check.sql()).isEqualTo(check.expected());
        }
    }

    @Test
    void theRuntimeRoleStillSeesNoneOfThoseRowsDirectly() throws SQLException {
        for (String table : List.of("public.form_keys", "public.leads", "public.calls", "public.assistants",
                "public.webhook_endpoints", "public.webhook_previous_secrets", "public.webhook_events",
                "public.webhook_replay_ids", "public.idempotency_keys")) {
            assertThat(asRuntimeRole(new Check("select count(*)::text from " + table + " where ? is not null", 1, null), false))
                    .as(table).isEqualTo("0");
        }
    }

    /** Without the owner's policies the same calls find nothing: what the first test relies on. */
    @Test
    void withoutTheOwnersPoliciesTheyFindNothing() throws SQLException {
        List<String> answers = new ArrayList<>();
        for (Check check : CHECKS) {
            answers.add(asRuntimeRole(check, true));
        }
        assertThat(answers).allSatisfy(a -> assertThat(a).isIn(null, "0", "false"));
    }

    /** A runtime role that is the owner, or a member of it, would read through the owner's policies: refused. */
    @Test
    void aRuntimeRoleThatIsOrInheritsTheOwnerIsRefused() throws SQLException {
        String member = "li_owner_member_" + SUFFIX;
        admin("create role " + member + " login nosuperuser nobypassrls in role " + OWNER);
        try {
            for (String appRole : List.of(OWNER, member)) {
                String db = "li_owner_refused_" + SUFFIX;
                admin("create database " + db + " owner " + OWNER);
                try {
                    assertThatThrownBy(() -> Flyway.configure()
                            .dataSource("jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/" + db, OWNER, "")
                            .locations("classpath:db/migration")
                            .placeholders(Map.of("app_role", appRole))
                            .load().migrate())
                            .as(appRole)
                            .hasMessageContaining("must not be, or be a member of, the role running the migrations");
                } finally {
                    admin("drop database if exists " + db + " with (force)");
                }
            }
        } finally {
            admin("drop role if exists " + member);
        }
    }

    /** Runs one call as the runtime role in a transaction that is rolled back (purges change rows). */
    private static String asRuntimeRole(Check check, boolean withoutOwnerPolicies) throws SQLException {
        try (Connection c = superuser()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (withoutOwnerPolicies) {
                    List<String> drops = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery("select format('drop policy %I on %I.%I', policyname, schemaname, tablename)"
                            + " from pg_policies where '" + OWNER + "' = any (roles)")) {
                        while (rs.next()) {
                            drops.add(rs.getString(1));
                        }
                    }
                    assertThat(drops).as("owner policies").hasSizeGreaterThanOrEqualTo(8);
                    for (String drop : drops) {
                        st.execute(drop);
                    }
                }
                st.execute("set local role " + APP);
                try (PreparedStatement ps = c.prepareStatement(check.sql())) {
                    ps.setObject(1, check.arg());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection(URL, TestDatabase.OWNER, "");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/postgres", TestDatabase.OWNER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

package com.leadignite.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadignite.support.IntegrationTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class RuntimeRoleTest {

    @Autowired
    DataSource dataSource;

    @Test
    void servicePoolLogsInAsARoleThatCannotBypassRowLevelSecurityAndOwnsNothing() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("leadignite_app");
        assertThat(jdbc.sql("select rolsuper or rolbypassrls or rolcreaterole or rolcreatedb from pg_roles where rolname = current_user")
                .query(Boolean.class).single()).isFalse();
        assertThat(jdbc.sql("select count(*) from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = current_user")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname in ('public', 'auth') and c.relkind = 'r'
                   and has_table_privilege('leadignite_app', c.oid, 'select')
                   and not (c.relrowsecurity and c.relforcerowsecurity)""").query(Long.class).single())
                .as("every table the runtime role can read has RLS enabled and forced").isZero();
    }
}

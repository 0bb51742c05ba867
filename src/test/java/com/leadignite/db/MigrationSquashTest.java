package com.leadignite.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The squashed migrations (below V100 in {@code db/migration}) build the schema the original chain built
 * (kept as {@code db/legacy-migration} in the test resources): each is applied by Flyway to its own empty
 * database, with its own runtime role, and the catalogs are compared ({@link SchemaSnapshot}). Migrations
 * from V100 on are written against that schema and are not part of the comparison.
 */
class MigrationSquashTest {

    /**
     * The only intended differences. Gone: owner policies that served one-off data copies of the old chain
     * (and one narrowed to the read its function needs). Added: read policies for the owner behind the
     * definer functions that lacked them, which found nothing when the owner is not a superuser
     * ({@link DefinerFunctionsTest}).
     */
    private static final Set<String> ONLY_IN_LEGACY = Set.of(
            "policy public.webhook_endpoints webhook_endpoints_definer_move PERMISSIVE UPDATE to postgres using true check true",
            "policy public.webhook_events webhook_events_definer_backfill PERMISSIVE UPDATE to postgres using true",
            "policy public.webhook_previous_secrets webhook_previous_secrets_definer PERMISSIVE ALL to postgres using true check true");
    private static final Set<String> ONLY_IN_SQUASH = Set.of(
            "policy public.webhook_previous_secrets webhook_previous_secrets_definer PERMISSIVE SELECT to postgres using true",
            "policy public.assistants assistants_definer_read PERMISSIVE SELECT to postgres using true",
            "policy public.leads leads_definer_read PERMISSIVE SELECT to postgres using true",
            "policy public.calls calls_definer_read PERMISSIVE SELECT to postgres using true",
            "policy public.form_keys form_keys_definer_read PERMISSIVE SELECT to postgres using true");

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final Database LEGACY = new Database("li_legacy_" + SUFFIX, "li_legacy_app_" + SUFFIX);
    private static final Database SQUASH = new Database("li_squash_" + SUFFIX, "li_squash_app_" + SUFFIX);

    private static SortedSet<String> legacy;
    private static SortedSet<String> squash;

    record Database(String name, String appRole) {
        String url() {
            return "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/" + name;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url(), TestDatabase.OWNER, "");
        }
    }

    @BeforeAll
    static void migrate() throws SQLException {
        admin("create database " + LEGACY.name());
        admin("create database " + SQUASH.name());
        flyway(LEGACY, "classpath:db/legacy-migration").load().migrate();
        flyway(SQUASH, "classpath:db/migration").target(lastSquashedVersion()).load().migrate();
        try (Connection c = LEGACY.connect()) {
            legacy = SchemaSnapshot.of(c, LEGACY.appRole());
        }
        try (Connection c = SQUASH.connect()) {
            squash = SchemaSnapshot.of(c, SQUASH.appRole());
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        for (Database db : List.of(LEGACY, SQUASH)) {
            admin("drop database if exists " + db.name() + " with (force)");
            admin("drop role if exists " + db.appRole());
        }
    }

    @Test
    void theSquashBuildsTheSchemaOfTheOriginalChain() {
        assertThat(squash).as("snapshot").hasSizeGreaterThan(500);
        assertThat(difference(legacy, squash)).as("only after the original chain").isEqualTo(ONLY_IN_LEGACY);
        assertThat(difference(squash, legacy)).as("only after the squash").isEqualTo(ONLY_IN_SQUASH);
    }

    /** docs/deployment.md, Upgrades: such a database is recreated, never patched up in place. */
    @Test
    void aDatabaseMigratedByTheOriginalChainIsRefusedUntouched() throws SQLException {
        assertThatThrownBy(() -> flyway(LEGACY, "classpath:db/migration").load().migrate())
                .isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("checksum mismatch");
        try (Connection c = LEGACY.connect()) {
            assertThat(SchemaSnapshot.of(c, LEGACY.appRole())).isEqualTo(legacy);
        }
    }

    @Test
    void everyPartOfTheSchemaIsCompared() {
        Set<String> kinds = new TreeSet<>();
        squash.forEach(line -> kinds.add(line.substring(0, line.indexOf(' '))));
        // membership: the runtime role is made a member of nothing, which the alterations below prove is seen.
        assertThat(kinds).containsExactlyInAnyOrder("schema", "relation", "column", "constraint", "index", "sequence",
                "function", "trigger", "policy", "grant", "extension", "role");
        assertThat(squash).contains(
                "relation auth.user_credentials kind=r rls=true forced=true owner=postgres",
                "grant relation public.audit_events ${app_role} INSERT by postgres",
                "grant column public.form_keys.deleted_at ${app_role} UPDATE by postgres",
                "role ${app_role} super=false inherit=true createrole=false createdb=false login=true replication=false"
                        + " bypassrls=false connlimit=-1");
    }

    /** Each change, made to the squashed database in a transaction that is rolled back, is reported. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            policy dropped          | drop policy leads_user_update on public.leads                                       | policy
            policy widened          | alter policy leads_agent_select on public.leads using (true)                        | policy
            policy for another role | alter policy form_keys_admin_read on public.form_keys to public                     | policy
            default dropped         | alter table public.leads alter column status drop default                           | column
            null allowed            | alter table auth.sessions alter column not_after drop not null                      | column
            type changed            | alter table public.calls alter column summary type varchar(5000)                   | column
            column added            | alter table public.audit_events add column note text                               | column
            check dropped           | alter table public.leads drop constraint leads_phone_check                          | constraint
            foreign key changed     | alter table public.calls drop constraint calls_lead_id_org_id_fkey                  | constraint
            index dropped           | drop index public.leads_owner_id_idx                                                | index
            index made unique       | drop index auth.users_org_id_idx; create unique index users_org_id_idx on auth.users (org_id, id) | index
            RLS not forced          | alter table public.form_keys no force row level security                            | relation
            RLS disabled            | alter table auth.identities disable row level security                              | relation
            table grant revoked     | revoke delete on public.assistants from ${app_role}                                 | grant
            table grant added       | grant update on public.audit_events to ${app_role}                                  | grant
            column grant added      | grant update (key) on public.form_keys to ${app_role}                               | grant
            function grant to all   | grant execute on function public.crm_record_org(text, uuid) to public               | grant
            schema grant            | grant create on schema public to ${app_role}                                        | grant
            function body changed   | create or replace function auth.is_service() returns boolean language sql stable as $$ select coalesce(auth.role() in ('service_auth', 'service_keys'), false) $$ | function
            function parallel unsafe| alter function public.audit_event_hash(bytea, public.audit_events) parallel unsafe   | function
            definer search_path     | alter function public.resolve_form_key(text) reset search_path                       | function
            trigger disabled        | alter table public.leads disable trigger leads_guard_update                         | trigger
            trigger dropped         | drop trigger invitations_admin_guard on auth.invitations                            | trigger
            sequence changed        | alter sequence public.audit_events_seq_seq increment by 2                           | sequence
            role may bypass RLS     | alter role ${app_role} bypassrls                                                    | role
            role made member        | grant pg_read_all_data to ${app_role}                                               | membership
            schema added            | create schema extra                                                                 | schema
            extension added         | create extension if not exists pg_trgm                                              | extension
            type added              | create type public.mood as enum ('happy')                                           | type
            """)
    void aSquashThatDiffersIsCaught(String change, String sql, String kind) throws SQLException {
        SortedSet<String> altered;
        try (Connection c = SQUASH.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(sql.replace(SchemaSnapshot.APP_ROLE, SQUASH.appRole()));
                altered = SchemaSnapshot.of(c, SQUASH.appRole());
            } finally {
                c.rollback();
            }
        }
        Set<String> reported = new TreeSet<>(difference(legacy, altered));
        reported.addAll(difference(altered, legacy));
        reported.removeAll(ONLY_IN_LEGACY);
        reported.removeAll(ONLY_IN_SQUASH);
        // A change may show in more than one place (a dropped index is also a relation gone); its own kind is among them.
        assertThat(reported).as(change).anySatisfy(line -> assertThat(line).startsWith(kind + " "));
    }

    @Test
    void commentsAndLayoutOfAFunctionAreNotDifferences() throws SQLException {
        SortedSet<String> altered;
        try (Connection c = SQUASH.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("""
                        create or replace function auth.is_service() returns boolean
                          language sql stable
                        as $$
                          -- the auth component's claims
                          select coalesce(auth.role()    =   'service_auth', false)
                        $$""");
                altered = SchemaSnapshot.of(c, SQUASH.appRole());
            } finally {
                c.rollback();
            }
        }
        assertThat(altered).isEqualTo(squash);
        assertThat(SchemaSnapshot.withoutComments("select '--not a comment', \"a--b\" -- a comment\nfrom t"))
                .isEqualTo("select '--not a comment', \"a--b\" \nfrom t");
    }

    /**
     * Supabase migrations style: a table's indexes, triggers, row-level security, policies and grants sit
     * in the file that creates it, so one file tells everything about who may touch a table.
     */
    @Test
    void eachTableIsGuardedInTheFileThatCreatesIt() {
        Map<String, String> createdIn = new HashMap<>();
        Map<String, String> sources = squashedSources();
        sources.forEach((file, sql) -> {
            Matcher m = CREATE_TABLE.matcher(sql);
            while (m.find()) {
                createdIn.put(m.group(1), file);
            }
        });
        assertThat(createdIn).as("tables").hasSizeGreaterThanOrEqualTo(20);
        List<String> misplaced = new ArrayList<>();
        sources.forEach((file, sql) -> {
            for (Pattern p : TABLE_STATEMENTS) {
                Matcher m = p.matcher(sql);
                while (m.find()) {
                    String table = m.group(1);
                    if (!file.equals(createdIn.get(table))) {
                        misplaced.add(file + ": " + m.group().replaceAll("\\s+", " ") + " (table created in " + createdIn.get(table) + ")");
                    }
                }
            }
        });
        assertThat(misplaced).isEmpty();
        // Every table granted to the runtime role has row-level security enabled and forced in its own file.
        createdIn.forEach((table, file) -> {
            if (Pattern.compile("(?i)grant [\\w, ()]+? on " + Pattern.quote(table) + " to").matcher(sources.get(file)).find()) {
                assertThat(sources.get(file)).as(table)
                        .contains("alter table " + table + " enable row level security;")
                        .contains("alter table " + table + " force row level security;");
            }
        });
        assertThat(createdIn).as("no grant at all: reached only through definer functions").containsKey("public.audit_chain_heads");
    }

    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create table (\\w+\\.\\w+)");
    private static final List<Pattern> TABLE_STATEMENTS = List.of(
            Pattern.compile("(?i)create policy \\w+ on (\\w+\\.\\w+)"),
            Pattern.compile("(?i)grant [\\w, ()]+? on (?!function|schema)(\\w+\\.\\w+)"),
            Pattern.compile("(?i)revoke [\\w, ()]+? on (?!function|schema)(\\w+\\.\\w+)"),
            Pattern.compile("(?i)alter table (\\w+\\.\\w+)"),
            Pattern.compile("(?i)create (?:unique )?index \\w+\\s+on (\\w+\\.\\w+)"),
            Pattern.compile("(?i)create trigger \\w+ \\w+ \\w+ on (\\w+\\.\\w+)"));

    /** The squashed files (below V100) by file name, without comments. */
    private static Map<String, String> squashedSources() {
        Map<String, String> out = new HashMap<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*__*.sql")) {
                String name = r.getFilename();
                if (Integer.parseInt(name.substring(1, name.indexOf("__"))) < 100) {
                    out.put(name, SchemaSnapshot.withoutComments(r.getContentAsString(StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out).as("squashed migrations").hasSizeGreaterThanOrEqualTo(10);
        return out;
    }

    /** The squash ends below V100; later migrations build on it and are applied by every other test. */
    static String lastSquashedVersion() {
        return squashedSources().keySet().stream()
                .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                .max(Integer::compare).orElseThrow().toString();
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(Database db, String location) {
        return Flyway.configure()
                .dataSource(db.url(), TestDatabase.OWNER, "")
                .locations(location)
                .placeholders(Map.of("app_role", db.appRole()));
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/postgres", TestDatabase.OWNER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

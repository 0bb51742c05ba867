package com.leadignite.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything a migration chain leaves in a database, read from the catalogs as sorted lines: schemas,
 * relations (row-level security enabled and forced), columns (type, nullability, default, identity),
 * constraints, indexes, sequences, functions, triggers, policies, grants (tables, columns, functions,
 * schemas), types, extensions, and the runtime role's attributes and memberships. Two databases built
 * differently compare equal exactly when these lines do. Flyway's own history table is left out.
 *
 * <p>The runtime role's name becomes {@code ${app_role}}, so two databases may each have their own; a
 * function is compared by its definition with comments and runs of whitespace normalised away.
 */
final class SchemaSnapshot {

    static final String APP_ROLE = "${app_role}";

    private static final String QUERY = """
            with nsp as (
              select oid, nspname from pg_namespace
               where nspname not like 'pg\\_%' and nspname <> 'information_schema'
            ), rel as (
              select c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.relowner, c.relacl
                from pg_class c join nsp n on n.oid = c.relnamespace
               where c.relname <> 'flyway_schema_history'
                 and not exists (select 1 from pg_index i join pg_class t on t.oid = i.indrelid
                                  where i.indexrelid = c.oid and t.relname = 'flyway_schema_history')
            ), acl(kind, obj, acl) as (
              select 'schema', n.nspname, p.nspacl from pg_namespace p join nsp n on n.oid = p.oid
              union all select 'relation', r.nspname || '.' || r.relname, r.relacl from rel r
              union all select 'column', r.nspname || '.' || r.relname || '.' || a.attname, a.attacl
                from rel r join pg_attribute a on a.attrelid = r.oid where a.attnum > 0 and not a.attisdropped
              union all select 'function', n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.proacl
                from pg_proc p join nsp n on n.oid = p.pronamespace
            )
            select 'schema', n.nspname || ' owner=' || pg_get_userbyid(p.nspowner)
              from pg_namespace p join nsp n on n.oid = p.oid
            union all
            select 'relation', r.nspname || '.' || r.relname || ' kind=' || r.relkind::text || ' rls=' || r.relrowsecurity
                   || ' forced=' || r.relforcerowsecurity || ' owner=' || pg_get_userbyid(r.relowner)
              from rel r
            union all
            select 'column', r.nspname || '.' || r.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || case when a.attnotnull then ' not null' else '' end
                   || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                   || case a.attidentity when '' then '' else ' identity=' || a.attidentity::text end
                   || case a.attgenerated when '' then '' else ' generated=' || a.attgenerated::text end
                   || coalesce(' collate ' || nullif(co.collname, 'default'), '')
              from rel r join pg_attribute a on a.attrelid = r.oid
              left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
              left join pg_collation co on co.oid = a.attcollation
             where a.attnum > 0 and not a.attisdropped and r.relkind in ('r', 'p', 'v', 'm', 'f')
            union all
            select 'constraint', r.nspname || '.' || r.relname || ' ' || x.conname || ' ' || pg_get_constraintdef(x.oid)
                   || case when x.condeferrable then ' deferrable' else '' end
              from pg_constraint x join rel r on r.oid = x.conrelid
            union all
            select 'index', pg_get_indexdef(i.indexrelid) from pg_index i join rel r on r.oid = i.indexrelid
            union all
            select 'sequence', r.nspname || '.' || r.relname || ' ' || format_type(s.seqtypid, null) || ' start=' || s.seqstart
                   || ' inc=' || s.seqincrement || ' min=' || s.seqmin || ' max=' || s.seqmax || ' cache=' || s.seqcache
                   || ' cycle=' || s.seqcycle
              from pg_sequence s join rel r on r.oid = s.seqrelid
            union all
            select 'function', n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') owner='
                   || pg_get_userbyid(p.proowner) || ' ' || pg_get_functiondef(p.oid)
              from pg_proc p join nsp n on n.oid = p.pronamespace
            union all
            select 'trigger', pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
              from pg_trigger t join rel r on r.oid = t.tgrelid where not t.tgisinternal
            union all
            select 'policy', p.schemaname || '.' || p.tablename || ' ' || p.policyname || ' ' || p.permissive || ' ' || p.cmd
                   || ' to ' || array_to_string(p.roles, ',') || coalesce(' using ' || p.qual, '')
                   || coalesce(' check ' || p.with_check, '')
              from pg_policies p join nsp n on n.nspname = p.schemaname
            union all
            select 'grant', a.kind || ' ' || a.obj || ' ' || case e.grantee when 0 then 'PUBLIC' else pg_get_userbyid(e.grantee) end
                   || ' ' || e.privilege_type || case when e.is_grantable then ' with grant option' else '' end
                   || ' by ' || pg_get_userbyid(e.grantor)
              from acl a cross join lateral aclexplode(a.acl) e
             where a.acl is not null
            union all
            select 'type', n.nspname || '.' || t.typname || ' ' || t.typtype::text
              from pg_type t join nsp n on n.oid = t.typnamespace
             where t.typtype in ('e', 'd', 'c', 'r', 'm')
               and (t.typrelid = 0 or exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
            union all
            select 'extension', x.extname || ' schema=' || n.nspname
              from pg_extension x join pg_namespace n on n.oid = x.extnamespace
            union all
            select 'role', r.rolname || ' super=' || r.rolsuper || ' inherit=' || r.rolinherit || ' createrole=' || r.rolcreaterole
                   || ' createdb=' || r.rolcreatedb || ' login=' || r.rolcanlogin || ' replication=' || r.rolreplication
                   || ' bypassrls=' || r.rolbypassrls || ' connlimit=' || r.rolconnlimit
              from pg_roles r where r.rolname = ?
            union all
            select 'membership', pg_get_userbyid(m.member) || ' in ' || pg_get_userbyid(m.roleid) || ' admin=' || m.admin_option
              from pg_auth_members m join pg_roles r on r.oid in (m.member, m.roleid) where r.rolname = ?
            """;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private SchemaSnapshot() {
    }

    /** The lines of the database {@code c} is connected to, read in {@code c}'s current transaction. */
    static SortedSet<String> of(Connection c, String appRole) throws SQLException {
        SortedSet<String> lines = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, appRole);
            ps.setString(2, appRole);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    String text = rs.getString(2);
                    if (kind.equals("function")) {
                        text = withoutComments(text);
                    }
                    lines.add(kind + " " + normaliseRole(WHITESPACE.matcher(text).replaceAll(" ").strip(), appRole));
                }
            }
        }
        return lines;
    }

    /** The role name as a whole word only, so a role named like a prefix of an identifier changes nothing else. */
    private static String normaliseRole(String text, String appRole) {
        return text.replaceAll("(?<![A-Za-z0-9_$])" + Pattern.quote(appRole) + "(?![A-Za-z0-9_$])", java.util.regex.Matcher.quoteReplacement(APP_ROLE));
    }

    /** SQL text without {@code --} comments (outside quoted literals and identifiers). */
    static String withoutComments(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
                out.append(ch);
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                out.append(ch);
            } else if (ch == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}

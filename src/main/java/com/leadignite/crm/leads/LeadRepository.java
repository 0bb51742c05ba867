package com.leadignite.crm.leads;

import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for leads. Every statement filters by the caller's org explicitly as well, although the
 * row-level security policies would already hide other orgs: two independent locks on the same door.
 * Callers run inside a transaction (the claims are set per transaction).
 */
@Repository
public class LeadRepository {

    private static final String COLUMNS = """
            l.id, l.org_id, l.owner_id, l.assigned_agent_id, l.first_name, l.last_name, l.email, l.phone,
            l.company, l.status, l.source, l.notes, l.created_at, l.updated_at""";

    /** The one insert of a lead, for the API, lead capture and webhooks alike. */
    private static final String INSERT = """
            insert into public.leads as l (id, org_id, owner_id, first_name, last_name, email, phone, company, status,
                                           source, notes)
            values (:id, :org, :owner, :first, :last, :email, :phone, :company, :status, :source, :notes)""";

    /** By position, in {@link #COLUMNS} order: the reflective mapper cost 12 % of a 20-lead list's CPU. */
    private static final RowMapper<Lead> ROW = (rs, i) -> new Lead(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
            rs.getString(12), rs.getObject(13, OffsetDateTime.class), rs.getObject(14, OffsetDateTime.class));

    private final JdbcClient jdbc;

    LeadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code role}/{@code userId}: the caller, whose visibility rule is applied in SQL too. */
    record Filter(UUID orgId, String role, UUID userId, String status, String searchPattern, UUID assignedTo) {
    }

    Optional<Lead> find(UUID orgId, UUID id, boolean forUpdate) {
        return jdbc.sql("select " + COLUMNS + " from public.leads l where l.id = :id and l.org_id = :org"
                        + (forUpdate ? " for update" : ""))
                .param("id", id).param("org", orgId)
                .query(ROW).optional();
    }

    List<Lead> list(Filter f, PageQuery page, SortSpec sort) {
        int shape = shape(f);
        return jdbc.sql(SELECT + WHERE[shape] + " order by " + sort.orderBy("l.id") + PAGE)
                .params(params(f))
                .param("limit", page.size()).param("offset", page.offset())
                .query(ROW).list();
    }

    long count(Filter f) {
        int shape = shape(f);
        return jdbc.sql("select count(*) from public.leads l where " + WHERE[shape])
                .params(params(f)).query(Long.class).single();
    }

    static final String SELECT = "select " + COLUMNS + " from public.leads l where ";
    static final String PAGE = " limit :limit offset :offset";

    /**
     * The WHERE of a list, by {@link #shape}: only the conditions a request asks for, each a fixed fragment
     * with bound values. A condition that is always true (an absent filter, the admin's visibility) is left
     * out rather than written {@code :x is null or ...}: PostgreSQL planned such a statement on every call
     * (its generic plan never looked cheaper) and, unable to see which branch held, sorted every row of the
     * org instead of reading the index in order. All 24 texts are built once, from the constants below.
     */
    static final String[] WHERE = new String[24];

    private static final String BY_AGENT_VISIBILITY = " and (l.owner_id = :uid or l.assigned_agent_id = :uid)";
    private static final String BY_OWNER = " and l.owner_id = :uid";
    private static final String BY_STATUS = " and l.status = :status";
    private static final String BY_ASSIGNEE = " and l.assigned_agent_id = :assigned";
    private static final String BY_SEARCH = " and (l.first_name ilike :q escape '\\' or l.last_name ilike :q escape '\\'"
            + " or l.email ilike :q escape '\\' or l.company ilike :q escape '\\')";

    static {
        for (int shape = 0; shape < WHERE.length; shape++) {
            int role = shape >> 3;
            WHERE[shape] = "l.org_id = :org" + (role == 1 ? BY_AGENT_VISIBILITY : role == 2 ? BY_OWNER : "")
                    + ((shape & 4) != 0 ? BY_STATUS : "") + ((shape & 2) != 0 ? BY_ASSIGNEE : "")
                    + ((shape & 1) != 0 ? BY_SEARCH : "");
        }
    }

    /** Which {@link #WHERE}: the caller's role (admin sees the org, agent own and assigned, others own) and the filters present. */
    static int shape(Filter f) {
        int role = switch (f.role()) {
            case "admin" -> 0;
            case "agent" -> 1;
            default -> 2;
        };
        return role << 3 | (f.status() != null ? 4 : 0) | (f.assignedTo() != null ? 2 : 0) | (f.searchPattern() != null ? 1 : 0);
    }

    static Map<String, Object> params(Filter f) {
        Map<String, Object> m = new HashMap<>();
        m.put("org", f.orgId());
        m.put("uid", f.userId());
        m.put("status", f.status());
        m.put("assigned", f.assignedTo());
        m.put("q", f.searchPattern());
        return m;
    }

    /** Inserts without reading back: for claims that may add a lead to an org but not see its leads. */
    public void insert(NewLead l) {
        bind(jdbc.sql(INSERT), l).update();
    }

    /** Inserts and returns the stored row (defaults and timestamps included). */
    Lead insertReturning(NewLead l) {
        return bind(jdbc.sql(INSERT + " returning " + COLUMNS), l).query(ROW).single();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, NewLead l) {
        return spec.param("id", l.id()).param("org", l.orgId()).param("owner", l.ownerId())
                .param("first", l.firstName()).param("last", l.lastName()).param("email", l.email())
                .param("phone", l.phone()).param("company", l.company()).param("status", l.status())
                .param("source", l.source()).param("notes", l.notes());
    }

    /** Writes every writable field of {@code l} (the service applied the patch to the loaded row). */
    Lead update(Lead l) {
        return jdbc.sql("""
                        update public.leads as l set first_name = :first, last_name = :last, email = :email, phone = :phone,
                          company = :company, status = :status, source = :source, notes = :notes
                        where l.id = :id and l.org_id = :org
                        returning\s""" + COLUMNS)
                .param("id", l.id()).param("org", l.orgId())
                .param("first", l.firstName()).param("last", l.lastName()).param("email", l.email())
                .param("phone", l.phone()).param("company", l.company()).param("status", l.status())
                .param("source", l.source()).param("notes", l.notes())
                .query(ROW).single();
    }

    Lead assign(UUID orgId, UUID id, UUID agentId) {
        return jdbc.sql("update public.leads as l set assigned_agent_id = :agent where l.id = :id and l.org_id = :org returning " + COLUMNS)
                .param("agent", agentId).param("id", id).param("org", orgId)
                .query(ROW).single();
    }

    int delete(UUID orgId, UUID id) {
        return jdbc.sql("delete from public.leads where id = :id and org_id = :org")
                .param("id", id).param("org", orgId).update();
    }

    long countCalls(UUID orgId, UUID leadId) {
        return jdbc.sql("select count(*) from public.calls where lead_id = :id and org_id = :org")
                .param("id", leadId).param("org", orgId).query(Long.class).single();
    }

    /**
     * Is {@code userId} an agent of {@code orgId}? Takes a share lock on that user's row, so a
     * concurrent role change (which locks the row for update) either waits for this assignment and then
     * clears it, or commits first and this check sees the new role.
     */
    boolean lockOrgAgent(UUID orgId, UUID userId) {
        return jdbc.sql("select id from auth.users where id = :user and org_id = :org and role = 'agent' for share")
                .param("user", userId).param("org", orgId).query(UUID.class).optional().isPresent();
    }

    /** Clears every assignment of {@code agentId} in the org; returns the affected leads. */
    List<UUID> unassignAll(UUID orgId, UUID agentId) {
        return jdbc.sql("""
                update public.leads set assigned_agent_id = null
                 where org_id = :org and assigned_agent_id = :agent
                returning id""")
                .param("org", orgId).param("agent", agentId).query(UUID.class).list();
    }
}

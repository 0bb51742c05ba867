package com.leadignite.crm.calls;

import com.leadignite.web.PageQuery;
import com.leadignite.web.SortSpec;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for calls; explicit org filters on top of row-level security. Run inside a transaction. */
@Repository
class CallRepository {

    private static final String COLUMNS = """
            c.id, c.org_id, c.lead_id, c.created_by, c.assistant_id, c.direction, c.started_at, c.duration_seconds,
            c.outcome, c.summary, c.recording_url, c.external_id, c.status, c.created_at, c.updated_at""";

    private final JdbcClient jdbc;

    CallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Call> find(UUID orgId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from public.calls c where c.id = :id and c.org_id = :org")
                .param("id", id).param("org", orgId).query(Call.class).optional();
    }

    /** Calls of a lead; {@code createdBy} non-null narrows to one author (the {@code user} role's rule). */
    List<Call> listForLead(UUID orgId, UUID leadId, UUID createdBy, PageQuery page, SortSpec sort) {
        return jdbc.sql("select " + COLUMNS + " from public.calls c where " + WHERE
                        + " order by " + sort.orderBy("c.id") + " limit :limit offset :offset")
                .param("org", orgId).param("lead", leadId).param("by", createdBy)
                .param("limit", page.size()).param("offset", page.offset())
                .query(Call.class).list();
    }

    long countForLead(UUID orgId, UUID leadId, UUID createdBy) {
        return jdbc.sql("select count(*) from public.calls c where " + WHERE)
                .param("org", orgId).param("lead", leadId).param("by", createdBy)
                .query(Long.class).single();
    }

    private static final String WHERE =
            "c.org_id = :org and c.lead_id = :lead and (cast(:by as uuid) is null or c.created_by = cast(:by as uuid))";

    Call insert(UUID orgId, UUID leadId, UUID createdBy, CallInput in) {
        return jdbc.sql("""
                        insert into public.calls as c (org_id, lead_id, created_by, assistant_id, direction, started_at,
                          duration_seconds, outcome, summary, recording_url, status)
                        values (:org, :lead, :by, :assistant, :direction, :started, :duration, :outcome, :summary, :url,
                          'completed')
                        returning\s""" + COLUMNS)
                .param("org", orgId).param("lead", leadId).param("by", createdBy)
                .param("assistant", in.assistantId()).param("direction", in.direction())
                .param("started", in.startedAt()).param("duration", in.durationSeconds())
                .param("outcome", in.outcome()).param("summary", in.summary()).param("url", in.recordingUrl())
                .query(Call.class).single();
    }

    boolean assistantInOrg(UUID orgId, UUID assistantId) {
        return jdbc.sql("select count(*) from public.assistants where id = :id and org_id = :org")
                .param("id", assistantId).param("org", orgId).query(Long.class).single() > 0;
    }
}

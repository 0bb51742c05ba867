package com.leadignite.integrations.features;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rows the integration features write: queued calls (dial), provider ids of assistants (publish),
 * leads imported from GoHighLevel and their contact links. Runs under the caller's claims, so the CRM
 * policies of V10 and V200 apply as to any other write of theirs.
 */
@Repository
public class FeatureRepository {

    /** The writable fields of an imported lead. */
    public record ImportedLead(String firstName, String lastName, String email, String phone, String company) {
    }

    private final JdbcClient jdbc;

    public FeatureRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A call placed at the provider, queued until its {@code call.ended} report. Should that report have
     * been faster than this insert (it creates the call itself), that call is returned instead.
     */
    public UUID insertQueuedCall(UUID orgId, UUID leadId, UUID assistantId, UUID createdBy, String externalId, Instant now) {
        return jdbc.sql("""
                insert into public.calls (org_id, lead_id, created_by, assistant_id, direction, started_at, status, external_id)
                values (:org, :lead, :by, :assistant, 'outbound', :now, 'queued', :external)
                on conflict (org_id, external_id) where external_id is not null do nothing
                returning id""")
                .param("org", orgId).param("lead", leadId).param("by", createdBy).param("assistant", assistantId)
                .param("now", Timestamp.from(now)).param("external", externalId)
                .query(UUID.class).optional()
                .orElseGet(() -> jdbc.sql("select id from public.calls where org_id = :org and external_id = :external")
                        .param("org", orgId).param("external", externalId).query(UUID.class).single());
    }

    public boolean setAssistantExternalId(UUID orgId, UUID assistantId, String externalId) {
        return jdbc.sql("update public.assistants set external_id = :external where id = :id and org_id = :org")
                .param("external", externalId).param("id", assistantId).param("org", orgId).update() == 1;
    }

    /** The lead a GoHighLevel contact was imported (or announced by webhook) as, if any. */
    public Optional<UUID> linkedLead(UUID orgId, String contactId) {
        return jdbc.sql("""
                select lead_id from public.webhook_lead_links
                 where org_id = :org and provider = 'ghl' and external_id = :contact""")
                .param("org", orgId).param("contact", contactId).query(UUID.class).optional();
    }

    /** Links the contact to a new lead id; false when another import got there first. */
    public boolean link(UUID orgId, String contactId, UUID leadId) {
        return jdbc.sql("""
                insert into public.webhook_lead_links (org_id, provider, external_id, lead_id)
                values (:org, 'ghl', :contact, :lead)
                on conflict (org_id, provider, external_id) do nothing
                returning lead_id""")
                .param("org", orgId).param("contact", contactId).param("lead", leadId).query(UUID.class).optional().isPresent();
    }

    public void insertLead(UUID orgId, UUID leadId, ImportedLead l) {
        jdbc.sql("""
                insert into public.leads (id, org_id, owner_id, assigned_agent_id, first_name, last_name, email, phone,
                                          company, status, source)
                values (:id, :org, null, null, :first, :last, :email, :phone, :company, 'new', 'ghl')""")
                .param("id", leadId).param("org", orgId).param("first", l.firstName()).param("last", l.lastName())
                .param("email", l.email()).param("phone", l.phone()).param("company", l.company())
                .update();
    }

    public Optional<ImportedLead> findLead(UUID orgId, UUID leadId) {
        return jdbc.sql("""
                select first_name, last_name, email, phone, company from public.leads
                 where id = :id and org_id = :org for update""")
                .param("id", leadId).param("org", orgId)
                .query((rs, n) -> new ImportedLead(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .optional();
    }

    public void updateLead(UUID orgId, UUID leadId, ImportedLead l) {
        jdbc.sql("""
                update public.leads set first_name = :first, last_name = :last, email = :email, phone = :phone,
                                        company = :company
                 where id = :id and org_id = :org""")
                .param("id", leadId).param("org", orgId).param("first", l.firstName()).param("last", l.lastName())
                .param("email", l.email()).param("phone", l.phone()).param("company", l.company())
                .update();
    }
}

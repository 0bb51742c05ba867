package com.leadignite.webhooks.process;

import com.leadignite.webhooks.Provider;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code lead.created} (GoHighLevel {@code ContactCreate}): a contact becomes a lead of the endpoint's
 * org, owned by the admin who registered the endpoint (or the org's first admin if that user is gone).
 * {@code webhook_lead_links} maps the provider's contact id to the lead, so the same contact never
 * creates a second lead.
 */
@Component
public class LeadCreatedHandler implements WebhookEventHandler {

    private static final Set<String> TYPES = Set.of("lead.created", "ContactCreate");

    record ContactFacts(String externalId, String firstName, String lastName, String email, String phone,
                        String company) {
    }

    private final JdbcClient jdbc;

    public LeadCreatedHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean supports(Provider provider, String eventType) {
        return TYPES.contains(eventType);
    }

    @Override
    public Result handle(WebhookEvent event) {
        ContactFacts c = facts(event.payload());
        if (c.externalId() == null) {
            return Result.skipped("missing_contact_id");
        }
        if (c.firstName() == null && c.lastName() == null && c.email() == null && c.phone() == null) {
            return Result.skipped("empty_contact");
        }
        boolean linked = jdbc.sql("""
                select 1 from public.webhook_lead_links
                 where org_id = :org and provider = :provider and external_id = :external""")
                .param("org", event.orgId()).param("provider", event.provider().name()).param("external", c.externalId())
                .query(Integer.class).optional().isPresent();
        if (linked) {
            return Result.processed();
        }
        Optional<UUID> owner = owner(event);
        if (owner.isEmpty()) {
            return Result.skipped("no_owner");
        }
        UUID leadId = jdbc.sql("""
                insert into public.leads (org_id, owner_id, first_name, last_name, email, phone, company, source)
                values (:org, :owner, :first, :last, :email, :phone, :company, :source)
                returning id""")
                .param("org", event.orgId()).param("owner", owner.get())
                .param("first", c.firstName()).param("last", c.lastName()).param("email", c.email())
                .param("phone", c.phone()).param("company", c.company()).param("source", event.provider().name())
                .query(UUID.class).single();
        // A concurrent event for the same contact loses here on the primary key and rolls back its lead.
        jdbc.sql("""
                insert into public.webhook_lead_links (org_id, provider, external_id, lead_id)
                values (:org, :provider, :external, :lead)""")
                .param("org", event.orgId()).param("provider", event.provider().name())
                .param("external", c.externalId()).param("lead", leadId)
                .update();
        return Result.processed();
    }

    /** The endpoint's creator if still an unlocked member of the org, else the org's oldest unlocked admin. */
    private Optional<UUID> owner(WebhookEvent event) {
        return jdbc.sql("""
                select u.id from auth.users u
                 where u.org_id = :org and u.locked_at is null
                   and (u.role = 'admin'
                        or u.id = (select e.created_by from public.webhook_endpoints e where e.id = :endpoint))
                 order by (u.id = (select e.created_by from public.webhook_endpoints e where e.id = :endpoint)) desc,
                          u.created_at
                 limit 1""")
                .param("org", event.orgId()).param("endpoint", event.endpointId())
                .query(UUID.class).optional();
    }

    static ContactFacts facts(JsonNode p) {
        String externalId = PayloadFields.text(p, 200, "data.contact_id", "data.id", "contact_id", "contactId",
                "id", "data.contact.id", "contact.id");
        String first = PayloadFields.text(p, 100, "data.first_name", "data.firstName", "first_name", "firstName",
                "data.contact.first_name", "contact.firstName");
        String last = PayloadFields.text(p, 100, "data.last_name", "data.lastName", "last_name", "lastName",
                "data.contact.last_name", "contact.lastName");
        String email = PayloadFields.text(p, 254, "data.email", "email", "data.contact.email", "contact.email");
        if (email != null && (!email.contains("@") || email.length() < 3)) {
            email = null;
        }
        String rawPhone = PayloadFields.text(p, 40, "data.phone", "phone", "data.contact.phone", "contact.phone");
        String phone = PhoneNumbers.e164(rawPhone).orElse(null);
        String company = PayloadFields.text(p, 200, "data.company", "data.companyName", "companyName", "company_name",
                "data.company_name");
        return new ContactFacts(externalId, first, last, email, phone, company);
    }
}

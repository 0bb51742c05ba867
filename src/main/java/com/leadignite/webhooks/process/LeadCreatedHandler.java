package com.leadignite.webhooks.process;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.crm.common.AuditDiff;
import com.leadignite.crm.common.Texts;
import com.leadignite.crm.leads.LeadInput;
import com.leadignite.webhooks.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import com.leadignite.crm.leads.LeadRepository;
import com.leadignite.crm.leads.NewLead;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code lead.created} (GoHighLevel {@code ContactCreate}): a contact becomes a lead of the endpoint's
 * org. Like a captured lead it is unowned and unassigned (the {@code service_webhook} insert policy
 * admits nothing else); the org's admins see it and may assign it. Fields are checked with the API's
 * rules: an invalid optional field is dropped, a contact without a usable first name is skipped.
 * {@code webhook_lead_links} maps the provider's contact id to the lead, so the same contact never
 * creates a second lead.
 */
@Component
public class LeadCreatedHandler implements WebhookEventHandler {

    private static final Set<String> TYPES = Set.of("lead.created", "ContactCreate");
    /** {@code webhook_lead_links.external_id} holds at most this many characters. */
    static final int MAX_CONTACT_ID = 256;

    /** A contact after the API's field rules; {@code dropped} names the fields that failed them. */
    record ContactFacts(String externalId, String firstName, String lastName, String email, String phone,
                        String company, List<String> dropped) {
    }

    private final ProviderRecordRepository records;
    private final LeadRepository leads;
    private final ApiFieldRules rules;
    private final AuditWriter audit;

    public LeadCreatedHandler(ProviderRecordRepository records, LeadRepository leads, ApiFieldRules rules, AuditWriter audit) {
        this.records = records;
        this.leads = leads;
        this.rules = rules;
        this.audit = audit;
    }

    @Override
    public boolean supports(Provider provider, String eventType) {
        return TYPES.contains(eventType);
    }

    @Override
    public Result handle(WebhookEvent event) {
        JsonNode p = event.payload();
        String externalId = PayloadFields.string(p, "data.contact_id", "data.id", "contact_id", "contactId",
                "id", "data.contact.id", "contact.id");
        if (externalId == null) {
            return Result.skipped("missing_contact_id");
        }
        if (externalId.length() > MAX_CONTACT_ID || !Texts.isPlain(externalId, false)) {
            return Result.skipped("invalid_contact_id");
        }
        ContactFacts c = facts(p, externalId);
        if (c.firstName() == null) {
            return Result.skipped(c.dropped().contains("first_name") ? "invalid_first_name" : "missing_first_name");
        }
        UUID leadId = UUID.randomUUID();
        // The link first: a contact seen before (or being handled concurrently, which waits on the key)
        // inserts nothing here, and then nothing else either.
        boolean fresh = records.linkContact(event.orgId(), event.provider().name(), externalId, leadId);
        if (!fresh) {
            return Result.processed();
        }
        String source = event.provider().name();
        leads.insert(new NewLead(leadId, event.orgId(), null, c.firstName(), c.lastName(), c.email(), c.phone(),
                c.company(), "new", source, null));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("first_name", c.firstName());
        after.put("last_name", c.lastName());
        after.put("email", c.email());
        after.put("phone", c.phone());
        after.put("company", c.company());
        after.put("status", "new");
        after.put("source", source);
        Map<String, Object> details = new LinkedHashMap<>(AuditDiff.snapshot("after", after, Set.of()));
        details.putAll(WebhookAudit.origin(event, c.dropped()));
        audit.record(AuditEvent.success(event.orgId(), null, "create", "lead", leadId, details));
        return Result.processed();
    }

    ContactFacts facts(JsonNode p, String externalId) {
        ApiFieldRules.Checker check = rules.against(LeadInput.class);
        String first = PayloadFields.string(p, "data.first_name", "data.firstName", "first_name", "firstName",
                "data.contact.first_name", "contact.firstName");
        String last = PayloadFields.string(p, "data.last_name", "data.lastName", "last_name", "lastName",
                "data.contact.last_name", "contact.lastName");
        String email = PayloadFields.string(p, "data.email", "email", "data.contact.email", "contact.email");
        String phone = PayloadFields.string(p, "data.phone", "phone", "data.contact.phone", "contact.phone");
        String company = PayloadFields.string(p, "data.company", "data.companyName", "companyName", "company_name",
                "data.company_name");
        return new ContactFacts(externalId,
                check.keep("first_name", "firstName", first, first),
                check.keep("last_name", "lastName", last, last),
                check.keep("email", "email", email, email),
                check.keep("phone", "phone", phone, PhoneNumbers.e164(phone).orElse(null)),
                check.keep("company", "company", company, company),
                check.dropped());
    }
}

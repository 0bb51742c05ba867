package com.leadignite.integrations.features;

import com.leadignite.audit.AuditEvent;
import com.leadignite.audit.AuditWriter;
import com.leadignite.db.Database;
import com.leadignite.integrations.IntegrationProperties;
import com.leadignite.integrations.IntegrationProvider;
import com.leadignite.integrations.IntegrationService;
import com.leadignite.integrations.features.FeatureRepository.ImportedLead;
import com.leadignite.integrations.providers.GhlApi;
import com.leadignite.integrations.vault.Credential;
import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.authz.Authorization;
import com.leadignite.security.authz.Permission;
import com.leadignite.webhooks.process.PhoneNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/integrations/ghl/import} (admin): GoHighLevel contacts of the connected location
 * become leads, page by page (cursor from the answer, never a URL it names). Idempotent by contact id:
 * a contact imported before (or announced by a {@code lead.created} webhook, which shares the links)
 * updates its lead when something changed, else nothing. Phone numbers are normalized to E.164; a
 * contact without a usable first name is skipped and counted, an invalid optional field is dropped.
 * Imported leads are unowned and unassigned, like captured ones. Each page is one transaction with its
 * audit rows.
 */
@Service
public class GhlImportService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    public record Result(int imported, int updated, int unchanged, int skipped, int pages, boolean complete) {
    }

    private final Authorization authorization;
    private final IntegrationService integrations;
    private final GhlApi api;
    private final FeatureRepository repo;
    private final Database db;
    private final AuditWriter audit;
    private final IntegrationProperties props;

    public GhlImportService(Authorization authorization, IntegrationService integrations, GhlApi api, FeatureRepository repo,
                            Database db, AuditWriter audit, IntegrationProperties props) {
        this.authorization = authorization;
        this.integrations = integrations;
        this.api = api;
        this.repo = repo;
        this.db = db;
        this.audit = audit;
        this.props = props;
    }

    public void requireImporter(AuthenticatedUser caller) {
        authorization.require(caller, Permission.LEAD_IMPORT);
    }

    public Result run(AuthenticatedUser caller) {
        requireImporter(caller);
        int[] counts = new int[4];
        String afterId = null;
        Long after = null;
        int pages = 0;
        boolean complete = false;
        while (pages < props.importMaxPages()) {
            String a = afterId;
            Long at = after;
            GhlApi.Page page = integrations.use(caller.orgId(), caller.id(), IntegrationProvider.ghl, c -> {
                Credential.OAuthTokens t = (Credential.OAuthTokens) c;
                return api.contacts(caller.orgId(), caller.id(), t.accessToken(), t.accountId(), a, at);
            });
            pages++;
            counts[3] += page.invalid();
            db.as(caller.claims()).write(() -> {
                for (GhlApi.Contact contact : page.contacts()) {
                    counts[apply(caller, contact)]++;
                }
                return null;
            });
            if (page.nextAfterId() == null || (page.nextAfterId().equals(afterId) && Objects.equals(page.nextAfter(), after))) {
                complete = true;
                break;
            }
            afterId = page.nextAfterId();
            after = page.nextAfter();
        }
        Result r = new Result(counts[0], counts[1], counts[2], counts[3], pages, complete);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", "ghl");
        details.put("operation", "import");
        details.put("imported", r.imported());
        details.put("updated", r.updated());
        details.put("unchanged", r.unchanged());
        details.put("skipped", r.skipped());
        details.put("complete", r.complete());
        audit.recordIndependently(AuditEvent.success(caller.orgId(), caller.id(), "import", "integration", "ghl", details));
        return r;
    }

    /** @return 0 imported, 1 updated, 2 unchanged, 3 skipped */
    private int apply(AuthenticatedUser caller, GhlApi.Contact c) {
        List<String> dropped = new ArrayList<>();
        Optional<ImportedLead> valid = lead(c, dropped);
        if (valid.isEmpty()) {
            return 3;
        }
        ImportedLead lead = valid.get();
        Optional<UUID> linked = repo.linkedLead(caller.orgId(), c.id());
        if (linked.isEmpty()) {
            UUID id = UUID.randomUUID();
            if (!repo.link(caller.orgId(), c.id(), id)) {
                return 2; // imported concurrently by another request
            }
            repo.insertLead(caller.orgId(), id, lead);
            audit.record(AuditEvent.success(caller.orgId(), caller.id(), "create", "lead", id, details(null, lead, c, dropped)));
            return 0;
        }
        Optional<ImportedLead> before = repo.findLead(caller.orgId(), linked.get());
        if (before.isEmpty()) {
            return 3; // its lead was deleted here: a deletion is not undone by an import
        }
        // Optional fields the contact no longer has keep their value here (edited in the CRM, perhaps).
        ImportedLead merged = new ImportedLead(lead.firstName(),
                lead.lastName() != null ? lead.lastName() : before.get().lastName(),
                lead.email() != null ? lead.email() : before.get().email(),
                lead.phone() != null ? lead.phone() : before.get().phone(),
                lead.company() != null ? lead.company() : before.get().company());
        if (merged.equals(before.get())) {
            return 2;
        }
        repo.updateLead(caller.orgId(), linked.get(), merged);
        audit.record(AuditEvent.success(caller.orgId(), caller.id(), "update", "lead", linked.get(),
                details(before.get(), merged, c, dropped)));
        return 1;
    }

    static Optional<ImportedLead> lead(GhlApi.Contact c, List<String> dropped) {
        String first = c.firstName();
        if (first == null || first.length() > 100) {
            return Optional.empty();
        }
        String last = keep("last_name", c.lastName() != null && c.lastName().length() <= 100 ? c.lastName() : null, c.lastName(), dropped);
        String email = keep("email", c.email() != null && c.email().length() <= 254 && EMAIL.matcher(c.email()).matches()
                ? c.email() : null, c.email(), dropped);
        String phone = keep("phone", PhoneNumbers.e164(c.phone()).orElse(null), c.phone(), dropped);
        String company = keep("company", c.company() != null && c.company().length() <= 200 ? c.company() : null, c.company(), dropped);
        return Optional.of(new ImportedLead(first, last, email, phone, company));
    }

    private static String keep(String field, String valid, String raw, List<String> dropped) {
        if (valid == null && raw != null) {
            dropped.add(field);
        }
        return valid;
    }

    private static Map<String, Object> details(ImportedLead before, ImportedLead after, GhlApi.Contact c, List<String> dropped) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", "ghl_import");
        d.put("contact_id", c.id());
        d.put("after", Map.of("first_name", after.firstName(), "has_email", after.email() != null,
                "has_phone", after.phone() != null));
        if (before != null) {
            d.put("changed", changed(before, after));
        }
        if (!dropped.isEmpty()) {
            d.put("dropped", dropped);
        }
        return d;
    }

    private static List<String> changed(ImportedLead b, ImportedLead a) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(b.firstName(), a.firstName())) out.add("first_name");
        if (!Objects.equals(b.lastName(), a.lastName())) out.add("last_name");
        if (!Objects.equals(b.email(), a.email())) out.add("email");
        if (!Objects.equals(b.phone(), a.phone())) out.add("phone");
        if (!Objects.equals(b.company(), a.company())) out.add("company");
        return out;
    }
}

package com.leadignite.crm.leads;

import com.leadignite.security.AuthenticatedUser;

/**
 * Who may see and change a lead, in Java, mirroring the row-level security policies (API.md §1):
 * admin — any lead of the org; agent — leads they own or are assigned; user — leads they own.
 */
public final class LeadAccess {

    private LeadAccess() {
    }

    public static boolean canSee(AuthenticatedUser u, Lead l) {
        if (u == null || l == null || !u.orgId().equals(l.orgId())) {
            return false;
        }
        return switch (u.role()) {
            case admin -> true;
            case agent -> u.id().equals(l.ownerId()) || u.id().equals(l.assignedAgentId());
            case user -> u.id().equals(l.ownerId());
        };
    }
}

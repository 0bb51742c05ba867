package com.leadignite.crm.leads;

import java.util.UUID;

/**
 * A lead to insert, whoever creates it: a user through the API ({@code ownerId} the user), public lead
 * capture or a webhook ({@code ownerId} null: unowned, unassigned). The id is chosen by the caller, so
 * claims that may insert a lead but not read it back (capture, webhooks) still know it.
 */
public record NewLead(UUID id, UUID orgId, UUID ownerId, String firstName, String lastName, String email,
                      String phone, String company, String status, String source, String notes) {
}

package com.leadignite.crm.leads;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A lead as stored and as answered (snake_case JSON). {@code ownerId} is null for captured leads. */
public record Lead(UUID id, UUID orgId, UUID ownerId, UUID assignedAgentId, String firstName, String lastName,
                   String email, String phone, String company, String status, String source, String notes,
                   OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** The writable fields by JSON name, for audit details. */
    Map<String, Object> writable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_name", firstName);
        m.put("last_name", lastName);
        m.put("email", email);
        m.put("phone", phone);
        m.put("company", company);
        m.put("status", status);
        m.put("source", source);
        m.put("notes", notes);
        return m;
    }
}

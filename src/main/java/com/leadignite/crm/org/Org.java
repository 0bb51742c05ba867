package com.leadignite.crm.org;

import java.util.UUID;

/** The caller's organization as {@code GET/PATCH /api/v1/org} answer it. */
public record Org(UUID id, String name, boolean requireMfa) {
}

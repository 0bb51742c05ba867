package com.leadignite.crm.formkeys;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A form key. The key is a public identifier (it is embedded in web pages), so admins may see it again. */
public record FormKeyResource(UUID id, String key, List<String> allowedOrigins, UUID createdBy, OffsetDateTime createdAt) {
}

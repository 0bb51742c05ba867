package com.leadignite.crm.formkeys;

import java.util.List;

/** {@code {"allowed_origins": [...]}}; the key, org and creator are set by the server. */
public record CreateFormKeyRequest(List<String> allowedOrigins) {
}

package com.leadignite.crm.common;

import com.leadignite.web.ApiException;
import java.util.UUID;

/** Path ids: anything that is not a canonical UUID answers 404, like an id that does not exist (API.md §0). */
public final class Ids {

    private Ids() {
    }

    public static UUID parseOr404(String raw) {
        if (raw == null || raw.length() != 36) {
            throw ApiException.notFound();
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound();
        }
    }
}

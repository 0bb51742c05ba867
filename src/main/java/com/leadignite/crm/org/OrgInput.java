package com.leadignite.crm.org;

import com.leadignite.crm.common.PlainText;
import com.leadignite.crm.common.Texts;
import jakarta.validation.constraints.Size;

/** The writable fields of the caller's organization (API.md §2): {@code name} and {@code require_mfa}. */
public record OrgInput(@Size(min = 1, max = 100) @PlainText String name, Boolean requireMfa) {

    public OrgInput {
        name = Texts.trim(name);
    }
}

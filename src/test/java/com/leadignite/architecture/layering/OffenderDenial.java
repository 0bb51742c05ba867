package com.leadignite.architecture.layering;

import com.leadignite.security.SecurityEvent;
import java.util.Map;

/** A feature that reports a denial itself instead of through security.authz.Authorization. */
public class OffenderDenial {
    public Object deny() {
        return new SecurityEvent.AccessDenied(null, null, "lead", null, Map.of(), null);
    }
}

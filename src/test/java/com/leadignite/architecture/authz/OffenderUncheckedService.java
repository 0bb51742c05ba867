package com.leadignite.architecture.authz;

/** A service reachable from a controller that never asks the authorization component. */
public class OffenderUncheckedService {
    public int count() {
        return 0;
    }
}

package com.leadignite.architecture.cycle.a;

import com.leadignite.architecture.cycle.b.Lower;

/** Sample offender for {@link com.leadignite.architecture.PackageRulesTest}: a calls b ... */
public class Upper {
    public int use(Lower lower) {
        return lower.value();
    }
}

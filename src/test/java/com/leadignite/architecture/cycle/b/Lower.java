package com.leadignite.architecture.cycle.b;

import com.leadignite.architecture.cycle.a.Upper;

/** ... and b calls back up into a: the cycle the rule must report. */
public class Lower {
    public int value() {
        return new Upper().hashCode();
    }
}

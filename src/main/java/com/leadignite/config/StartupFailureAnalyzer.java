package com.leadignite.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** One paragraph per refusal: the problems as a list, then the action (registered in META-INF/spring.factories). */
public class StartupFailureAnalyzer extends AbstractFailureAnalyzer<StartupFailure> {

    @Override
    protected FailureAnalysis analyze(Throwable root, StartupFailure cause) {
        String description = cause.problems().isEmpty() ? cause.summary()
                : cause.summary() + ":\n  - " + String.join("\n  - ", cause.problems());
        return new FailureAnalysis(description, cause.action(), cause);
    }
}

package com.leadignite.config;

import java.util.List;

/**
 * A start-up refusal an operator can act on: what is wrong (every problem found, so one restart after
 * fixing them is enough) and what to do. {@link StartupFailureAnalyzer} prints it as Spring Boot's
 * "APPLICATION FAILED TO START" report instead of a stack trace. Messages never hold secret values.
 */
public class StartupFailure extends IllegalStateException {

    private final String summary;
    private final List<String> problems;
    private final String action;

    public StartupFailure(String summary, List<String> problems, String action) {
        super(summary + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)) + ". " + action);
        this.summary = summary;
        this.problems = List.copyOf(problems);
        this.action = action;
    }

    public StartupFailure(String problem, String action) {
        this(problem, List.of(), action);
    }

    public String summary() {
        return summary;
    }

    public List<String> problems() {
        return problems;
    }

    public String action() {
        return action;
    }
}

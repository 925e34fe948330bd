package dev.ecstatic.functions.model;

/**
 * The execution a step runs in, as the state machine passes it ({@code $states.context.Execution.Name}):
 * the run's objects in the runs bucket live under {@code runs/<executionName>/}.
 */
public record Run(String executionName) {
    /** Step Functions' execution names: 1–80 characters, none of them a slash or a control character. */
    public static final int MAX_NAME = 80;

    public Run {
        executionName = validName(executionName, "run.executionName");
    }

    /** The name, checked: a name that could leave its own prefix (a slash, "..") is refused. */
    static String validName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(field + " is required (the execution's name)");
        }
        if (name.length() > MAX_NAME || name.contains("/") || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(field + " is not an execution name (1-" + MAX_NAME
                    + " characters, no slash or control character): '" + (name.length() > MAX_NAME
                    ? name.substring(0, MAX_NAME) + "…" : name) + "'");
        }
        return name;
    }

    /** {@code runs/<executionName>/}: the prefix of everything this run keeps in the runs bucket. */
    public String prefix() {
        return "runs/" + executionName + "/";
    }

    /** The run's clusters, one Cluster per line, written by List clusters. */
    public String clustersKey() {
        return prefix() + "clusters.jsonl";
    }

    /** The run's per-cluster records, one RunRecord per line, written by Summarize. */
    public String reportKey() {
        return prefix() + "report.jsonl";
    }
}

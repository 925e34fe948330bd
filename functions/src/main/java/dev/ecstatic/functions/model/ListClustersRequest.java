package dev.ecstatic.functions.model;

/**
 * {@code {"input": <the execution input>, "run": {"executionName": "…"}}}: the execution input is
 * wrapped so that any JSON value, even one that is not an object, reaches the handler and is rejected
 * with a message that names the problem. {@code input} is what the runtime's serializer made of it:
 * Map, List, String, Number, Boolean or null. {@code run} names the execution whose clusters go to the
 * runs bucket; without it (a caller from before) the clusters come back inline.
 */
public record ListClustersRequest(Object input, Run run) {

    /** A request without {@code run}: the clusters come back inline. */
    public ListClustersRequest(Object input) {
        this(input, null);
    }

    /** The execution the clusters are listed for: its name keys the run's objects. */
    public record Run(String executionName) {}
}

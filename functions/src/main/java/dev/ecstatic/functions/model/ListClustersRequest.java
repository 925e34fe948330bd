package dev.ecstatic.functions.model;

/**
 * {@code {"input": <the execution input>, "run": {"executionName": "…"}}}: the execution input is
 * wrapped so that any JSON value, even one that is not an object, reaches the handler and is rejected
 * with a message that names the problem. {@code input} is what the runtime's serializer made of it:
 * Map, List, String, Number, Boolean or null. With {@code run}, the clusters go to the runs bucket
 * (the response's {@code items}); without it (a caller from before the bucket), inline.
 */
public record ListClustersRequest(Object input, Run run) {
    /** A request from before the runs bucket: the clusters come back inline. */
    public ListClustersRequest(Object input) {
        this(input, null);
    }
}

package dev.ecstatic.functions.model;

/**
 * {@code {"input": <the execution input>}}: the execution input is wrapped so that any JSON value,
 * even one that is not an object, reaches the handler and is rejected with a message that names
 * the problem. {@code input} is what the runtime's serializer made of it: Map, List, String,
 * Number, Boolean or null.
 */
public record ListClustersRequest(Object input) {
}

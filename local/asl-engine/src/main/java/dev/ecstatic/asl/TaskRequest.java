package dev.ecstatic.asl;

/**
 * One invocation of a Task state's resource.
 *
 * @param resource the state's Resource, e.g. {@code arn:aws:states:::lambda:invoke}
 * @param argumentsJson the evaluated Arguments as JSON text (the state input when Arguments is absent)
 * @param stateName the Task state's name
 * @param contextJson the context object ({@code $states.context}) as JSON text
 * @param executionName the name of the execution the task runs in
 * @param attempt 0 for the first attempt, then 1, 2... on retries
 */
public record TaskRequest(String resource, String argumentsJson, String stateName, String contextJson,
    String executionName, int attempt) {}

package dev.ecstatic.asl;

import java.util.function.Supplier;

/** One invocation of a Task state's resource: what an {@link Integration} is called with. */
public final class TaskRequest {
    private final String resource;
    private final String argumentsJson;
    private final String stateName;
    private final Supplier<String> context;
    private final String executionName;
    private final int attempt;
    private volatile String contextJson;

    public TaskRequest(String resource, String argumentsJson, String stateName, String contextJson,
            String executionName, int attempt) {
        this(resource, argumentsJson, stateName, () -> contextJson, executionName, attempt);
    }

    /** As above, with the context object produced on first use. */
    public TaskRequest(String resource, String argumentsJson, String stateName, Supplier<String> context,
            String executionName, int attempt) {
        this.resource = resource;
        this.argumentsJson = argumentsJson;
        this.stateName = stateName;
        this.context = context;
        this.executionName = executionName;
        this.attempt = attempt;
    }

    /** The state's Resource, e.g. {@code arn:aws:states:::lambda:invoke}. */
    public String resource() {
        return resource;
    }

    /**
     * The resolved arguments as JSON text: JSONata Arguments evaluated, or JSONPath InputPath and
     * Parameters applied (the state input when neither is given).
     */
    public String argumentsJson() {
        return argumentsJson;
    }

    /** The Task state's name. */
    public String stateName() {
        return stateName;
    }

    /** The context object ({@code $states.context}, {@code $$}) as JSON text, produced on first use. */
    public String contextJson() {
        String json = contextJson;
        if (json == null) {
            json = context.get();
            contextJson = json;
        }
        return json;
    }

    /** The name of the execution the task runs in. */
    public String executionName() {
        return executionName;
    }

    /** 0 for the first attempt, then 1, 2... on retries. */
    public int attempt() {
        return attempt;
    }

    @Override
    public String toString() {
        return "TaskRequest[" + stateName + " " + resource + " " + argumentsJson + "]";
    }
}

package dev.ecstatic.asl;

/**
 * Calls a Task state's resource. The engine knows no service: the caller plugs one in, as an
 * {@link Integration} (chosen by resource) or, for every resource at once, with
 * {@link Engine.Builder#taskInvoker}.
 */
@FunctionalInterface
public interface TaskInvoker {
    /**
     * Invokes the resource and returns its result as JSON text (what {@code $states.result} becomes).
     *
     * @throws TaskFailedException with the error name Step Functions reports (a Lambda's errorType)
     */
    String invoke(TaskRequest request) throws TaskFailedException;
}

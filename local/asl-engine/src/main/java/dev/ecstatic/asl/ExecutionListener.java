package dev.ecstatic.asl;

/** Told about every history event as it is recorded, e.g. to show progress. Called concurrently. */
@FunctionalInterface
public interface ExecutionListener {
    /**
     * @param executionName the execution the event belongs to (a child execution of a distributed Map
     *     has its own name)
     */
    void onEvent(String executionName, HistoryEvent event);
}

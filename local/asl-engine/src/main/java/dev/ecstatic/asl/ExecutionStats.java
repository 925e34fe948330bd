package dev.ecstatic.asl;

import java.util.Map;

/**
 * Figures for a whole run, child executions of distributed Maps included.
 *
 * @param stateTransitions states entered (what Step Functions bills for Standard workflows)
 * @param historyEvents events in every history of the run
 * @param maxEventsPerExecution events in the longest single execution history (limit 25,000)
 * @param maxPayloadBytes the largest state input, output or task result, in UTF-8 bytes (limit 256 KiB)
 * @param taskInvocations task invocations by resource (mocked ones included)
 * @param executions the top-level execution plus every child execution
 */
public record ExecutionStats(long stateTransitions, long historyEvents, long maxEventsPerExecution,
        long maxPayloadBytes, Map<String, Long> taskInvocations, long executions) {
    public ExecutionStats {
        taskInvocations = Map.copyOf(taskInvocations);
    }
}

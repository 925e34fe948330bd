package dev.ecstatic.asl;

import java.time.Instant;
import java.util.List;

/**
 * The result of one execution: the top-level one returned by {@link Engine#run}, or a child
 * execution of a distributed Map (see {@link #children()}).
 *
 * @param name execution name
 * @param arn execution ARN
 * @param status final status
 * @param output output JSON text when SUCCEEDED, else null
 * @param error error name when FAILED (null when the Fail state gave none)
 * @param cause cause when FAILED, or null
 * @param startDate when the execution started (engine clock)
 * @param stopDate when it ended (engine clock)
 * @param history this execution's events, as GetExecutionHistory returns them
 * @param children child executions started by distributed Maps of this execution (each with its own)
 * @param stats figures for this execution and all its descendants
 * @param mapRuns the Map Runs of this execution's distributed Maps, as DescribeMapRun reports them
 */
public record Execution(String name, String arn, ExecutionStatus status, String output, String error, String cause,
        Instant startDate, Instant stopDate, List<HistoryEvent> history, List<Execution> children,
        ExecutionStats stats, List<MapRun> mapRuns) {
    public Execution {
        history = List.copyOf(history);
        children = List.copyOf(children);
        mapRuns = List.copyOf(mapRuns);
    }

    /** This execution's history as GetExecutionHistory returns it: {@code {"events": [...]}}. */
    public String historyJson() {
        StringBuilder json = new StringBuilder("{\"events\":[");
        for (int i = 0; i < history.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(history.get(i).toJson());
        }
        return json.append("]}").toString();
    }
}

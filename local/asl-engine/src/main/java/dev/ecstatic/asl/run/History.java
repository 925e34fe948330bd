package dev.ecstatic.asl.run;

import dev.ecstatic.asl.EngineClock;
import dev.ecstatic.asl.ExecutionListener;
import dev.ecstatic.asl.HistoryEvent;
import dev.ecstatic.asl.Json.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One execution's history, and the only place events are made: each method records one event
 * type with the detail fields AWS gives it (as recorded by GetExecutionHistory) and the
 * previousEventId AWS links it to. At 25,000 events the execution fails; the events that end an
 * execution may still be recorded.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html">HistoryEvent</a>
 */
final class History {
    private static final Map<String, Object> NOT_TRUNCATED = Map.of("truncated", false);

    private final String executionName;
    private final EngineClock clock;
    private final ExecutionListener listener;
    private final List<HistoryEvent> events = new ArrayList<>();
    private boolean full;

    History(String executionName, EngineClock clock, ExecutionListener listener) {
        this.executionName = executionName;
        this.clock = clock;
        this.listener = listener;
    }

    synchronized List<HistoryEvent> events() {
        return List.copyOf(events);
    }

    /** The id of the last event recorded (0 before any). */
    synchronized long lastId() {
        return events.size();
    }

    // ---------------------------------------------------------------- executions

    long executionStarted(JsonText input, String roleArn) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("input", input);
        details.put("inputDetails", NOT_TRUNCATED);
        details.put("roleArn", roleArn);
        return record(0, "ExecutionStarted", "executionStartedEventDetails", details, false);
    }

    void executionSucceeded(long previous, JsonText output) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("output", output);
        details.put("outputDetails", NOT_TRUNCATED);
        record(previous, "ExecutionSucceeded", "executionSucceededEventDetails", details, false);
    }

    void executionFailed(String error, String cause) {
        record(lastId(), "ExecutionFailed", "executionFailedEventDetails", errorDetails(error, cause), true);
    }

    void executionTimedOut(String error, String cause) {
        record(lastId(), "ExecutionTimedOut", "executionTimedOutEventDetails", errorDetails(error, cause), true);
    }

    void executionAborted() {
        record(lastId(), "ExecutionAborted", null, null, true);
    }

    // ---------------------------------------------------------------- states

    long stateEntered(Branch branch, String type, String state, JsonText input) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", state);
        details.put("input", input);
        details.put("inputDetails", NOT_TRUNCATED);
        return add(branch, type + "StateEntered", "stateEnteredEventDetails", details);
    }

    void stateExited(Branch branch, String type, String state, JsonText output, Map<String, Object> assigned) {
        Map<String, Object> details = new LinkedHashMap<>();
        // An empty Assign records no assignedVariables (as recorded from AWS).
        if (assigned != null && !assigned.isEmpty()) {
            Map<String, Object> variables = new LinkedHashMap<>();
            assigned.forEach((name, value) -> variables.put(name, new JsonText(value)));
            details.put("assignedVariables", variables);
            details.put("assignedVariablesDetails", NOT_TRUNCATED);
        }
        details.put("name", state);
        details.put("output", output);
        details.put("outputDetails", NOT_TRUNCATED);
        add(branch, type + "StateExited", "stateExitedEventDetails", details);
    }

    /** A JSONata evaluation that failed; {@code previous} as recorded from AWS (see the caller). */
    void evaluationFailed(Branch branch, long previous, String state, String location, String cause) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cause", Limits.cause(cause));
        details.put("error", "States.QueryEvaluationError");
        if (location != null) {
            details.put("location", location);
        }
        details.put("state", state);
        branch.lastEventId = record(previous, "EvaluationFailed", "evaluationFailedEventDetails", details, false);
    }

    /** A Parallel's, Map's or Map Run's event without details (ParallelStateStarted, MapRunSucceeded...). */
    long plain(Branch branch, String type) {
        return add(branch, type, null, null);
    }

    /**
     * The event of a Parallel or Map that succeeded (ParallelStateSucceeded, MapStateSucceeded): as
     * recorded from AWS it follows the last event of the execution (an iteration's, possibly), and
     * so does the state's exit after it.
     */
    void succeededAfterInner(Branch branch, String type) {
        long lastInner = lastId();
        branch.lastEventId = lastInner;
        add(branch, type, null, null);
        branch.lastEventId = lastInner;
    }

    /**
     * The event of a Parallel or Map that failed (ParallelStateFailed, MapStateFailed): it follows
     * the execution's last event, or, after a MapIterationFailed, the event that one follows (the
     * failed iteration's last state event), as recorded from AWS.
     */
    void failedAfterInner(Branch branch, String type) {
        branch.lastEventId = failureLink();
        add(branch, type, null, null);
    }

    /**
     * The event what follows a failed Parallel or Map links to (its failed event, or its next
     * attempt's first event): the execution's last, or, after a MapIterationFailed, the event that
     * one follows, as recorded from AWS.
     */
    synchronized long failureLink() {
        HistoryEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
        return last != null && last.type().equals("MapIterationFailed") ? last.previousEventId() : events.size();
    }

    // ---------------------------------------------------------------- tasks

    void taskScheduled(Branch branch, TaskResource resource, String region, JsonText parameters, Long timeout,
            Long heartbeat) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (resource.legacyLambda()) {
            details.put("input", parameters);
            details.put("inputDetails", NOT_TRUNCATED);
            details.put("resource", resource.arn());
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            add(branch, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", details);
            add(branch, "LambdaFunctionStarted", null, null);
            return;
        }
        details.put("resourceType", resource.type());
        details.put("resource", resource.name());
        details.put("region", region);
        details.put("parameters", parameters);
        if (timeout != null) {
            details.put("timeoutInSeconds", timeout);
        }
        if (heartbeat != null) {
            details.put("heartbeatInSeconds", heartbeat);
        }
        add(branch, "TaskScheduled", "taskScheduledEventDetails", details);
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("resourceType", resource.type());
        started.put("resource", resource.name());
        add(branch, "TaskStarted", "taskStartedEventDetails", started);
    }

    void taskSucceeded(Branch branch, TaskResource resource, JsonText output) {
        Map<String, Object> details = resourceDetails(resource);
        details.put("output", output);
        details.put("outputDetails", NOT_TRUNCATED);
        add(branch, resource.legacyLambda() ? "LambdaFunctionSucceeded" : "TaskSucceeded",
                resource.legacyLambda() ? "lambdaFunctionSucceededEventDetails" : "taskSucceededEventDetails", details);
    }

    /** TaskFailed, or TaskTimedOut for States.Timeout (LambdaFunction... for a function ARN resource). */
    void taskFailed(Branch branch, TaskResource resource, String error, String cause) {
        Map<String, Object> details = resourceDetails(resource);
        details.putAll(errorDetails(error, cause));
        boolean timedOut = "States.Timeout".equals(error);
        String prefix = resource.legacyLambda() ? "LambdaFunction" : "Task";
        String key = resource.legacyLambda() ? "lambdaFunction" : "task";
        add(branch, prefix + (timedOut ? "TimedOut" : "Failed"),
                key + (timedOut ? "TimedOutEventDetails" : "FailedEventDetails"), details);
    }

    private static Map<String, Object> resourceDetails(TaskResource resource) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!resource.legacyLambda()) {
            details.put("resourceType", resource.type());
            details.put("resource", resource.name());
        }
        return details;
    }

    // ---------------------------------------------------------------- maps

    long mapStateStarted(Branch branch, int length) {
        return add(branch, "MapStateStarted", "mapStateStartedEventDetails", Map.of("length", length));
    }

    void mapIterationStarted(Branch branch, String state, int index) {
        add(branch, "MapIterationStarted", "mapIterationStartedEventDetails", iteration(state, index));
    }

    void mapIterationSucceeded(Branch branch, String state, int index) {
        add(branch, "MapIterationSucceeded", "mapIterationSucceededEventDetails", iteration(state, index));
    }

    void mapIterationAborted(Branch branch, String state, int index) {
        add(branch, "MapIterationAborted", "mapIterationAbortedEventDetails", iteration(state, index));
    }

    /**
     * An iteration that failed; its details are its index and the Map's name only, the error being the
     * state's (MapIterationEventDetails).
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/apireference/API_MapIterationEventDetails.html">MapIterationEventDetails</a>
     */
    void mapIterationFailed(Branch branch, String state, int index) {
        add(branch, "MapIterationFailed", "mapIterationFailedEventDetails", iteration(state, index));
    }

    private static Map<String, Object> iteration(String state, int index) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("index", index);
        details.put("name", state);
        return details;
    }

    long mapRunStarted(Branch branch, String mapRunArn) {
        return add(branch, "MapRunStarted", "mapRunStartedEventDetails", Map.of("mapRunArn", mapRunArn));
    }

    /**
     * A Map Run that succeeded, then its Map state's MapStateSucceeded; the state's exit then follows
     * MapRunStarted, as AWS has recorded it since late 2024 (earlier recordings link it to
     * MapRunSucceeded).
     */
    void mapRunSucceeded(Branch branch, long mapRunStartedId) {
        add(branch, "MapRunSucceeded", null, null);
        add(branch, "MapStateSucceeded", null, null);
        branch.lastEventId = mapRunStartedId;
    }

    void mapRunFailed(Branch branch, String error, String cause) {
        add(branch, "MapRunFailed", "mapRunFailedEventDetails", errorDetails(error, cause));
    }

    // ---------------------------------------------------------------- recording

    private static Map<String, Object> errorDetails(String error, String cause) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (error != null) {
            details.put("error", error);
        }
        if (cause != null) {
            details.put("cause", Limits.cause(cause));
        }
        return details;
    }

    private long add(Branch branch, String type, String detailsKey, Map<String, Object> details) {
        branch.lastEventId = record(branch.lastEventId, type, detailsKey, details, false);
        return branch.lastEventId;
    }

    /** Appends an event; returns its id. {@code force} records it even when the history is full. */
    private long record(long previous, String type, String detailsKey, Map<String, Object> details, boolean force) {
        HistoryEvent event;
        synchronized (this) {
            if (full && !force) {
                throw Limits.historyFull();
            }
            if (!force && events.size() >= Limits.MAX_HISTORY_EVENTS - 1) {
                full = true;
                throw Limits.historyFull();
            }
            event = new HistoryEvent(events.size() + 1, previous, clock.now(), type, detailsKey, details);
            events.add(event);
            if (listener != null) {
                listener.onEvent(executionName, event);
            }
        }
        return event.id();
    }
}

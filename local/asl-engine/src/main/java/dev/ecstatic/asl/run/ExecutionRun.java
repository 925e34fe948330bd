package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStats;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.asl.HistoryEvent;
import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.MapRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One execution while it runs (the top-level one, or a Distributed Map's child): its history, its
 * context object's Execution part, its figures, and the child executions and Map Runs it started.
 */
final class ExecutionRun {
    final String name;
    final String arn;
    final Object input;
    final JsonText inputText;
    final Instant start;
    final Map<String, Object> contextExecution;
    final History history;
    final Cancellation cancellation = new Cancellation(null);
    final List<Execution> children = Collections.synchronizedList(new ArrayList<>());
    final List<MapRun> mapRuns = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder transitions = new LongAdder();
    private final AtomicLong maxPayload = new AtomicLong();
    private final ConcurrentHashMap<String, LongAdder> invocations = new ConcurrentHashMap<>();
    volatile boolean timedOut;

    ExecutionRun(Interpreter interpreter, String name, String arn, Object input, JsonText inputText) {
        this.name = name;
        this.arn = arn;
        this.input = input;
        this.inputText = inputText;
        this.start = interpreter.clock().now();
        this.history = new History(name, interpreter.clock(), interpreter.settings().listener());
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("Id", arn);
        execution.put("Input", input);
        execution.put("Name", name);
        execution.put("RoleArn", interpreter.roleArn());
        execution.put("StartTime", ContextTime.format(start));
        execution.put("RedriveCount", 0);
        this.contextExecution = Collections.unmodifiableMap(execution);
    }

    void stateEntered() {
        transitions.increment();
    }

    void payload(long bytes) {
        maxPayload.accumulateAndGet(bytes, Math::max);
    }

    void invoked(String resource) {
        invocations.computeIfAbsent(resource, key -> new LongAdder()).increment();
    }

    /** The finished execution, its figures summed over its child executions. */
    Execution finish(ExecutionStatus status, String output, String error, String cause, Instant stop) {
        List<HistoryEvent> events = history.events();
        List<Execution> childExecutions = new ArrayList<>(children);
        return new Execution(name, arn, status, output, error, cause, start, stop, events, childExecutions,
                stats(events.size(), childExecutions), List.copyOf(mapRuns));
    }

    private ExecutionStats stats(int ownEvents, List<Execution> childExecutions) {
        long stateTransitions = transitions.sum();
        long events = ownEvents;
        long maxEvents = ownEvents;
        long largestPayload = maxPayload.get();
        long executions = 1;
        Map<String, Long> taskInvocations = new HashMap<>();
        invocations.forEach((resource, count) -> taskInvocations.merge(resource, count.sum(), Long::sum));
        for (Execution child : childExecutions) {
            ExecutionStats stats = child.stats();
            stateTransitions += stats.stateTransitions();
            events += stats.historyEvents();
            maxEvents = Math.max(maxEvents, stats.maxEventsPerExecution());
            largestPayload = Math.max(largestPayload, stats.maxPayloadBytes());
            executions += stats.executions();
            stats.taskInvocations().forEach((resource, count) -> taskInvocations.merge(resource, count, Long::sum));
        }
        return new ExecutionStats(stateTransitions, events, maxEvents, largestPayload, taskInvocations, executions);
    }
}

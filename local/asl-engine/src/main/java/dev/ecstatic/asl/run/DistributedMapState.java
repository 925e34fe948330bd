package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.MapRun;
import dev.ecstatic.asl.definition.MapConfig;
import dev.ecstatic.asl.definition.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Map state in DISTRIBUTED mode: a Map Run of child executions, each with its own history,
 * up to 10,000 at once. The items come from Items, ItemsPath or the input, or from an ItemReader
 * (then MapStateStarted reports length 0); each goes through ItemSelector, then an ItemBatcher may
 * group them. The Map Run fails when failed children exceed ToleratedFailureCount or
 * ToleratedFailurePercentage (by default, any does). The result is the array of the children's
 * outputs (a failed child's is its {@code {Error, Cause}}), or what a ResultWriter makes of them.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html">Distributed mode</a>
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html">Failure thresholds for Distributed Map</a>
 */
final class DistributedMapState {
    private DistributedMapState() {}

    static Outcome execute(State.Map map, StateRun run) {
        MapConfig config = map.config();
        return RetryAndCatch.run(run, map.errorHandling(), retryCount -> {
            Map<String, Object> context = run.context(retryCount);
            Object effectiveInput = InputOutput.inputPath(run, map.dataFlow(), context);
            // With an ItemReader, AWS ignores ItemsPath and reports length 0 (as recorded).
            List<?> items = config.itemReader() == null ? MapItems.items(run, map, context, effectiveInput) : null;
            int maxConcurrency = MapItems.maxConcurrency(run, config, context, effectiveInput);
            run.history().mapStateStarted(run.branch, items == null ? 0 : items.size());
            MapItems.RunLimits limits = MapItems.limits(run, config, context, effectiveInput, maxConcurrency);
            long maxItems = config.itemReader() == null ? 0
                    : S3ItemReader.maxItems(run, config.itemReader(), context, effectiveInput);
            MapRunIdentity identity = MapRunIdentity.of(run.interpreter.settings(), run.branch.execution, map.name(),
                    config.label(), run.enteredId);
            Instant started = run.interpreter.clock().now();
            long mapRunStartedId = run.history().mapRunStarted(run.branch, identity.arn());
            List<Object> inputs;
            try {
                List<?> read = items != null ? items
                        : S3ItemReader.read(run, config.itemReader(), context, effectiveInput, maxItems);
                inputs = childInputs(run, map, context, effectiveInput, read);
            } catch (Failure failure) {
                if (failure.kind() == Failure.Kind.NORMAL && !"States.Runtime".equals(failure.error())) {
                    run.history().mapRunFailed(run.branch, failure.error(), failure.cause());
                }
                throw failure;
            }
            MapRunOutcome outcome = runChildren(run, map, identity, inputs, limits);
            S3ResultWriter.Written written = null;
            if (config.resultWriter() != null) {
                try {
                    written = S3ResultWriter.write(run, config.resultWriter(), context, effectiveInput, identity,
                            outcome.children());
                } catch (Failure failure) {
                    record(run, identity, started, limits, outcome, 0, "FAILED");
                    run.history().mapRunFailed(run.branch, failure.error(), failure.cause());
                    throw failure;
                }
            }
            long resultsWritten = written == null ? 0 : written.resultsWritten();
            if (outcome.exceeded()) {
                record(run, identity, started, limits, outcome, resultsWritten, "FAILED");
                String cause = "The specified tolerated failure threshold was exceeded: " + outcome.failed() + " of "
                        + inputs.size() + " child executions failed.";
                run.history().mapRunFailed(run.branch, "States.ExceedToleratedFailureThreshold", cause);
                throw new Failure("States.ExceedToleratedFailureThreshold", cause);
            }
            record(run, identity, started, limits, outcome, resultsWritten, "SUCCEEDED");
            run.history().mapRunSucceeded(run.branch, mapRunStartedId);
            Object result = written != null ? written.result() : outcome.results();
            return InputOutput.fromResult(run, map.dataFlow(), context, result, map.next());
        }, "MapStateFailed");
    }

    /** Each child's input: the item through ItemSelector, then grouped by the ItemBatcher. */
    private static List<Object> childInputs(StateRun run, State.Map map, Map<String, Object> context,
            Object effectiveInput, List<?> items) {
        List<Object> selected = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            selected.add(MapItems.itemInput(run, map, context, effectiveInput, i, items.get(i)));
        }
        return map.config().itemBatcher() == null ? selected
                : MapItemBatcher.batches(run, map.config().itemBatcher(), context, effectiveInput, selected);
    }

    /**
     * How the children ended.
     *
     * @param children every child, started or not, in item order
     * @param results the children's outputs (for a failed one, the execution as DescribeExecution describes it)
     * @param failed children that failed, timed out or were aborted
     * @param exceeded whether the failures exceeded the tolerance
     */
    private record MapRunOutcome(List<S3ResultWriter.Child> children, List<Object> results, int failed,
            boolean exceeded) {}

    private static MapRunOutcome runChildren(StateRun run, State.Map map, MapRunIdentity identity, List<Object> inputs,
            MapItems.RunLimits limits) {
        Cancellation cancellation = new Cancellation(run.branch.cancellation);
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean exceeded = new AtomicBoolean();
        Execution[] children = new Execution[inputs.size()];
        int workers = limits.workers(inputs.size(), Limits.DISTRIBUTED_MAP_CONCURRENCY);
        Object[] results = Concurrency.run(run.interpreter.clock(), inputs.size(), workers, cancellation, false, index -> {
            Object input = inputs.get(index);
            JsonText inputText = run.checked(input, "input");
            String name = identity.childName(index);
            ExecutionRun child = new ExecutionRun(run.interpreter, name, identity.executionPrefix() + name, input,
                    inputText);
            Execution execution = run.interpreter.runExecution(child, map.processor());
            children[index] = execution;
            if (execution.status() == ExecutionStatus.SUCCEEDED) {
                return Json.parse(execution.output());
            }
            int failures = failed.incrementAndGet();
            if (limits.exceeded(failures, inputs.size()) && exceeded.compareAndSet(false, true)) {
                cancellation.cancel(); // stop starting child executions
            }
            // "If a child workflow execution fails, Step Functions returns its execution result unchanged. The
            // results would be equivalent to having set Transformation to NONE": DescribeExecution's view of it,
            // Error and Cause included (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html).
            return S3ResultWriter.described(execution, identity);
        });
        List<S3ResultWriter.Child> all = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            if (children[i] != null) {
                run.branch.execution.children.add(children[i]);
            }
            all.add(new S3ResultWriter.Child(inputs.get(i), children[i]));
        }
        List<Object> outputs = new ArrayList<>(Arrays.asList(results));
        return new MapRunOutcome(all, outputs, failed.get(), exceeded.get() || limits.exceeded(failed.get(), inputs.size()));
    }

    /** The Map Run as DescribeMapRun reports it, kept with the execution. */
    private static void record(StateRun run, MapRunIdentity identity, Instant startDate, MapItems.RunLimits limits,
            MapRunOutcome outcome, long resultsWritten, String status) {
        long[] executions = new long[4];
        long[] items = new long[4];
        long pendingItems = 0;
        for (S3ResultWriter.Child child : outcome.children()) {
            int weight = MapItemBatcher.size(child.input());
            if (child.execution() == null) {
                pendingItems += weight;
                continue;
            }
            int kind = switch (child.execution().status()) {
                case SUCCEEDED -> 0;
                case FAILED -> 1;
                case TIMED_OUT -> 2;
                case ABORTED -> 3;
            };
            executions[kind]++;
            items[kind] += weight;
        }
        long total = outcome.children().size();
        long started = executions[0] + executions[1] + executions[2] + executions[3];
        long totalItems = pendingItems + items[0] + items[1] + items[2] + items[3];
        boolean written = resultsWritten > 0;
        MapRun.Counts executionCounts = new MapRun.Counts(total - started, 0, executions[0], executions[1],
                executions[2], executions[3], total, resultsWritten);
        MapRun.Counts itemCounts = new MapRun.Counts(pendingItems, 0, items[0], items[1], items[2], items[3],
                totalItems, written ? totalItems - pendingItems : 0);
        run.branch.execution.mapRuns.add(new MapRun(identity.arn(), run.branch.execution.arn, status, startDate,
                run.interpreter.clock().now(), limits.maxConcurrency(),
                limits.toleratedFailureCount() == null ? 0 : limits.toleratedFailureCount(),
                limits.toleratedFailurePercentage() == null ? 0 : limits.toleratedFailurePercentage(), itemCounts,
                executionCounts));
    }
}

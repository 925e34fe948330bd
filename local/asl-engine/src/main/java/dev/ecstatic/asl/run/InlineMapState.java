package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.definition.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Map state in INLINE mode: runs its ItemProcessor once per item within this execution (each
 * iteration's events in its history), at most 40 at a time; its result is the array of the
 * iterations' outputs. The first iteration to fail stops the others and fails the state.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html">Inline mode</a>
 */
final class InlineMapState {
    private InlineMapState() {}

    static Outcome execute(State.Map map, StateRun run) {
        return RetryAndCatch.run(run, map.errorHandling(), retryCount -> {
            Map<String, Object> context = run.context(retryCount);
            Object effectiveInput = InputOutput.inputPath(run, map.dataFlow(), context);
            List<?> items = MapItems.items(run, map, context, effectiveInput);
            int maxConcurrency = MapItems.maxConcurrency(run, map.config(), context, effectiveInput);
            long startedId = run.history().mapStateStarted(run.branch, items.size());
            MapItems.RunLimits limits = MapItems.limits(run, map.config(), context, effectiveInput, maxConcurrency);
            int workers = limits.workers(items.size(), Limits.INLINE_MAP_CONCURRENCY);
            Cancellation cancellation = new Cancellation(run.branch.cancellation);
            // As recorded from AWS, an iteration starts after the previous one's last state event.
            AtomicLong previousIteration = new AtomicLong(startedId);
            Object[] outputs = Concurrency.run(run.interpreter.clock(), items.size(), workers, cancellation, true,
                    index -> iteration(run, map, context, effectiveInput, items, index, cancellation, previousIteration));
            run.history().succeededAfterInner(run.branch, "MapStateSucceeded");
            List<Object> result = new ArrayList<>(List.of(outputs));
            return InputOutput.fromResult(run, map.dataFlow(), context, result, map.next());
        }, "MapStateFailed");
    }

    private static Object iteration(StateRun run, State.Map map, Map<String, Object> context, Object effectiveInput,
            List<?> items, int index, Cancellation cancellation, AtomicLong previousIteration) {
        Branch iteration = new Branch(run.branch.execution, new Variables(run.branch.variables), cancellation,
                previousIteration.get());
        History history = run.history();
        history.mapIterationStarted(iteration, map.name(), index);
        try {
            Object item = items.get(index);
            JsonText input = map.config().itemSelector() == null ? new JsonText(item)
                    : run.checked(MapItems.itemInput(run, map, context, effectiveInput, index, item), "input");
            JsonText output = run.interpreter.runGraph(map.processor(), input, iteration);
            previousIteration.set(iteration.lastEventId);
            history.mapIterationSucceeded(iteration, map.name(), index);
            return output.value();
        } catch (Failure failure) {
            if (failure.isAbort()) {
                history.mapIterationAborted(iteration, map.name(), index);
            } else if (failure.kind() == Failure.Kind.NORMAL) {
                history.mapIterationFailed(iteration, map.name(), index);
            }
            throw failure;
        }
    }
}

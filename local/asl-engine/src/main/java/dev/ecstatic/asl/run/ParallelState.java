package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.definition.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Parallel state: runs every branch on the same input at once; its result is the array of the
 * branches' outputs in branch order. The first branch to fail stops the others and fails the state.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html">Parallel state</a>
 */
final class ParallelState {
    private ParallelState() {}

    static Outcome execute(State.Parallel parallel, StateRun run) {
        return RetryAndCatch.run(run, parallel.errorHandling(), retryCount -> {
            Map<String, Object> context = run.context(retryCount);
            JsonText input = run.checked(InputOutput.arguments(run, parallel.dataFlow(), context), "input");
            long startedId = run.history().plain(run.branch, "ParallelStateStarted");
            Cancellation cancellation = new Cancellation(run.branch.cancellation);
            int branches = parallel.branches().size();
            Object[] outputs = Concurrency.run(run.interpreter.clock(), branches, branches, cancellation, true, index -> {
                Branch branch = new Branch(run.branch.execution, new Variables(run.branch.variables), cancellation,
                        startedId);
                return run.interpreter.runGraph(parallel.branches().get(index), input, branch).value();
            });
            run.history().succeededAfterInner(run.branch, "ParallelStateSucceeded");
            List<Object> result = new ArrayList<>(List.of(outputs));
            return InputOutput.fromResult(run, parallel.dataFlow(), context, result, parallel.next());
        }, "ParallelStateFailed");
    }
}

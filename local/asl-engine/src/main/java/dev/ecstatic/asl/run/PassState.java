package dev.ecstatic.asl.run;

import dev.ecstatic.asl.definition.DataFlow;
import dev.ecstatic.asl.definition.State;
import java.util.Map;

/**
 * The Pass state: its result is its input (JSONata Output may reshape it), or in JSONPath its
 * Parameters or fixed Result, placed by ResultPath and filtered by OutputPath.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html">Pass state</a>
 */
final class PassState {
    private PassState() {}

    static Outcome execute(State.Pass pass, StateRun run) {
        Map<String, Object> context = run.context(0);
        if (pass.dataFlow() instanceof DataFlow.JsonataFields) {
            return InputOutput.passThrough(run, pass.dataFlow(), context, pass.next());
        }
        Object result;
        if (pass.result() != null) {
            // Result is taken as written: a member ending in ".$" is not evaluated (as recorded from AWS).
            run.checked(pass.result(), "result");
            result = pass.result();
        } else {
            result = InputOutput.arguments(run, pass.dataFlow(), context);
        }
        return InputOutput.fromResult(run, pass.dataFlow(), context, result, pass.next());
    }
}

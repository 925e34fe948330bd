package dev.ecstatic.asl.run;

import dev.ecstatic.asl.definition.State;
import java.util.Map;

/**
 * The Fail state: fails its execution (or the branch that catches it) with its Error and Cause,
 * constants, JSONata results, or in JSONPath what ErrorPath and CausePath select or compute.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html">Fail state</a>
 */
final class FailState {
    private FailState() {}

    static Outcome execute(State.Fail fail, StateRun run) {
        Map<String, Object> context = run.context(0);
        Object input = run.input.value();
        String error = fail.error() == null ? null : FieldValues.string(run, fail.error(), context, input);
        String cause = fail.cause() == null ? null : FieldValues.string(run, fail.cause(), context, input);
        throw new Failure(error, cause);
    }
}

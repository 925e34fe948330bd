package dev.ecstatic.asl.run;

import dev.ecstatic.asl.definition.State;

/**
 * The Succeed state: ends its graph with its input (JSONata Output, JSONPath InputPath and
 * OutputPath applied).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html">Succeed state</a>
 */
final class SucceedState {
    private SucceedState() {}

    static Outcome execute(State.Succeed succeed, StateRun run) {
        return InputOutput.passThrough(run, succeed.dataFlow(), run.context(0), null);
    }
}

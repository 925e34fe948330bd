package dev.ecstatic.asl.definition;

import java.util.List;

/**
 * One state of a definition, parsed and validated: what each state type is made of. A state's
 * {@code next} is null when it ends its graph.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html">States</a>
 */
public sealed interface State {

    /** The state's name. */
    String name();

    /** How its input becomes its output, in its dialect. */
    DataFlow dataFlow();

    /** The state type as history events name it: "Pass", "Task", ... */
    default String type() {
        return switch (this) {
            case Pass pass -> "Pass";
            case Task task -> "Task";
            case Choice choice -> "Choice";
            case Wait wait -> "Wait";
            case Succeed succeed -> "Succeed";
            case Fail fail -> "Fail";
            case Parallel parallel -> "Parallel";
            case Map map -> "Map";
        };
    }

    /** Whether the state uses the JSONata dialect. */
    default boolean jsonata() {
        return dataFlow() instanceof DataFlow.JsonataFields;
    }

    /** Passes its input on, or a fixed Result (JSONPath). */
    record Pass(String name, DataFlow dataFlow, String next, Object result) implements State {}

    /** Calls a resource through an integration. */
    record Task(String name, DataFlow dataFlow, String next, String resource, Field timeoutSeconds,
            Field heartbeatSeconds, ErrorHandling errorHandling) implements State {}

    /** Goes to the first rule's state whose condition holds, else to Default. */
    record Choice(String name, DataFlow dataFlow, List<ChoiceRule> choices, String defaultNext) implements State {
        public Choice {
            choices = List.copyOf(choices);
        }
    }

    /** Waits a number of seconds or until a timestamp (exactly one of the two is set). */
    record Wait(String name, DataFlow dataFlow, String next, Field seconds, Field timestamp) implements State {}

    /** Ends its graph successfully. */
    record Succeed(String name, DataFlow dataFlow) implements State {}

    /** Ends the execution with an error and a cause (either may be null). */
    record Fail(String name, DataFlow dataFlow, Field error, Field cause) implements State {}

    /** Runs branches side by side; its output is the array of their outputs. */
    record Parallel(String name, DataFlow dataFlow, String next, List<Graph> branches, ErrorHandling errorHandling)
            implements State {
        public Parallel {
            branches = List.copyOf(branches);
        }
    }

    /** Runs its ItemProcessor once per item, inline or as child executions. */
    record Map(String name, DataFlow dataFlow, String next, Graph processor, MapConfig config,
            ErrorHandling errorHandling) implements State {}
}

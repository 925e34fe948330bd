package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.data.PathFailure;
import dev.ecstatic.asl.definition.Catcher;
import dev.ecstatic.asl.definition.DataFlow;
import dev.ecstatic.asl.definition.ValueTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Input and output processing, both dialects, in one place: how a state's input becomes what it
 * works on (JSONata Arguments; JSONPath InputPath then Parameters), how its result becomes its
 * output (JSONata Output; JSONPath ResultSelector, ResultPath, OutputPath) and which variables it
 * assigns (Assign: JSONata over {@code $states}, JSONPath over the result).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html">Processing input and output in Step Functions</a>
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html">Transforming data with JSONata</a>
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html">Passing data between states with variables</a>
 */
final class InputOutput {
    private InputOutput() {}

    /** What a Pass, Task or Parallel works on: JSONata Arguments (or the input); JSONPath InputPath, Parameters. */
    static Object arguments(StateRun run, DataFlow flow, Map<String, Object> context) {
        return switch (flow) {
            case DataFlow.JsonataFields jsonata -> jsonata.arguments() == null ? run.input.value()
                    : run.evaluate(jsonata.arguments(), run.bindings(context, null, null));
            case DataFlow.JsonPathFields paths -> {
                Object effective = inputPath(run, paths, context);
                yield paths.parameters() == null ? effective : payload(run, () -> paths.parameters()
                        .evaluate(run.scope(effective, context)));
            }
        };
    }

    /** The input after InputPath (the whole input for a JSONata state). */
    static Object inputPath(StateRun run, DataFlow flow, Map<String, Object> context) {
        if (!(flow instanceof DataFlow.JsonPathFields paths)) {
            return run.input.value();
        }
        if (paths.inputPath() == null) {
            return new LinkedHashMap<>();
        }
        return readPath(run, paths.inputPath(), run.input.value(), context);
    }

    /**
     * The output from a result, and the variables assigned: JSONata Output (the result when absent)
     * and Assign, with {@code $states.result}; JSONPath ResultSelector, then Assign from the selected
     * result, ResultPath into the state's input, OutputPath.
     */
    static Outcome fromResult(StateRun run, DataFlow flow, Map<String, Object> context, Object result, String next) {
        return switch (flow) {
            case DataFlow.JsonataFields jsonata -> jsonataExit(run, jsonata, run.bindings(context, "result", result),
                    result, next);
            case DataFlow.JsonPathFields paths -> {
                Object selected = paths.resultSelector() == null ? result
                        : payload(run, () -> paths.resultSelector().evaluate(run.scope(result, context)));
                Map<String, Object> assigned = assign(run, paths, context, selected);
                Object combined = resultPath(run, paths.resultPath(), selected);
                yield run.exit(outputPath(run, paths, combined, context), assigned, next);
            }
        };
    }

    /**
     * The output of a state without a result (Wait, Succeed, a Choice's rule): JSONata Output (the
     * input when absent) and Assign; JSONPath InputPath, Assign from that, OutputPath.
     */
    static Outcome passThrough(StateRun run, DataFlow flow, Map<String, Object> context, String next) {
        return passThrough(run, flow, context, null, next);
    }

    /** As above, with the JSONata bindings the state already made ({@code $states} without result), or null. */
    static Outcome passThrough(StateRun run, DataFlow flow, Map<String, Object> context, Map<String, Object> bindings,
            String next) {
        return switch (flow) {
            case DataFlow.JsonataFields jsonata -> jsonataExit(run, jsonata,
                    bindings != null ? bindings : run.bindings(context, null, null), run.input.value(), next);
            case DataFlow.JsonPathFields paths -> {
                Object effective = inputPath(run, paths, context);
                Map<String, Object> assigned = assign(run, paths, context, effective);
                yield run.exit(outputPath(run, paths, effective, context), assigned, next);
            }
        };
    }

    /** A caught error: JSONata Output (the error output when absent) and Assign; JSONPath ResultPath and Assign. */
    static Outcome caught(StateRun run, Catcher catcher, Map<String, Object> context, Map<String, Object> errorOutput) {
        return switch (catcher.dataFlow()) {
            case DataFlow.JsonataFields jsonata -> jsonataExit(run, jsonata,
                    run.bindings(context, "errorOutput", errorOutput), errorOutput, catcher.next());
            case DataFlow.JsonPathFields paths -> {
                Map<String, Object> assigned = assign(run, paths, context, errorOutput);
                yield run.exit(resultPath(run, paths.resultPath(), errorOutput), assigned, catcher.next());
            }
        };
    }

    /** An object-valued field (ItemSelector, an ItemReader's Arguments): JSONata over {@code bindings}, JSONPath over {@code value}. */
    static Object template(StateRun run, ValueTemplate template, Map<String, Object> context, Object value) {
        return switch (template) {
            case ValueTemplate.Jsonata jsonata -> run.evaluate(jsonata.template(), run.bindings(context, null, null));
            case ValueTemplate.Payload payload -> payload(run, () -> payload.template().evaluate(run.scope(value, context)));
        };
    }

    private static Outcome jsonataExit(StateRun run, DataFlow.JsonataFields flow, Map<String, Object> bindings,
            Object otherwise, String next) {
        // Assign and Output both see the variables as they were before the state.
        Map<String, Object> assigned = flow.assign() == null ? null : asVariables(run.evaluate(flow.assign(), bindings));
        Object output = flow.output() == null ? otherwise : run.evaluate(flow.output(), bindings);
        return run.exit(output, assigned, next);
    }

    private static Map<String, Object> assign(StateRun run, DataFlow.JsonPathFields flow, Map<String, Object> context,
            Object value) {
        return flow.assign() == null ? null
                : asVariables(payload(run, () -> flow.assign().evaluate(run.scope(value, context))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asVariables(Object assigned) {
        return (Map<String, Object>) assigned;
    }

    private static Object resultPath(StateRun run, JsonPath resultPath, Object result) {
        Object input = run.input.value();
        if (resultPath == null) {
            return input;
        }
        try {
            return resultPath.write(input, result);
        } catch (JsonPath.NoMatch e) {
            throw run.pathFailure(new PathFailure("States.ResultPathMatchFailure", "Unable to apply ResultPath '"
                    + resultPath.text() + "' to the input '" + Json.write(input) + "': " + e.getMessage()));
        }
    }

    private static Object outputPath(StateRun run, DataFlow.JsonPathFields flow, Object value,
            Map<String, Object> context) {
        if (flow.outputPath() == null) {
            return new LinkedHashMap<>();
        }
        return readPath(run, flow.outputPath(), value, context);
    }

    /** InputPath and OutputPath: a path that matches nothing is States.Runtime, in AWS's words. */
    private static Object readPath(StateRun run, JsonPath path, Object value, Map<String, Object> context) {
        if (path == JsonPath.WHOLE) {
            return value;
        }
        try {
            return path.read(run.scope(value, context));
        } catch (JsonPath.NoMatch e) {
            throw run.runtimeFailure("Invalid path '" + path.text() + "' : " + e.getMessage());
        }
    }

    /** Evaluates a payload template, a path or function failure becoming the state's failure. */
    static Object payload(StateRun run, Supplier<Object> evaluation) {
        try {
            return evaluation.get();
        } catch (PathFailure e) {
            throw run.pathFailure(e);
        }
    }
}

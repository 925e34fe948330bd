package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.data.JsonataTemplate;
import dev.ecstatic.asl.data.PathFailure;
import dev.ecstatic.asl.data.PathScope;
import dev.ecstatic.asl.definition.State;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state being executed: its entry in the history, its context object, and the ways it can end
 * (its exit, a JSONata evaluation error, a JSONPath runtime error, a payload over the limit).
 */
final class StateRun {
    final Interpreter interpreter;
    final State state;
    final Branch branch;
    final JsonText input;
    final Instant entered;
    final long enteredId;
    private final long enteredPrevious;

    StateRun(Interpreter interpreter, State state, Branch branch, JsonText input) {
        this.interpreter = interpreter;
        this.state = state;
        this.branch = branch;
        this.input = input;
        this.entered = interpreter.clock().now();
        this.enteredPrevious = branch.lastEventId;
        this.enteredId = branch.execution.history.stateEntered(branch, state.type(), state.name(), input);
        branch.execution.stateEntered();
    }

    History history() {
        return branch.execution.history;
    }

    /**
     * The context object ({@code $states.context}, {@code $$}).
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html">Context object</a>
     */
    Map<String, Object> context(int retryCount) {
        Map<String, Object> stateContext = new LinkedHashMap<>();
        stateContext.put("EnteredTime", ContextTime.format(entered));
        stateContext.put("Name", state.name());
        // Only the states that can retry have a RetryCount (as recorded from AWS).
        if (state instanceof State.Task || state instanceof State.Parallel || state instanceof State.Map) {
            stateContext.put("RetryCount", retryCount);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("Execution", branch.execution.contextExecution);
        context.put("State", stateContext);
        context.put("StateMachine", interpreter.stateMachineContext());
        return context;
    }

    /** The context object of a Map's item: the state's, with {@code Map.Item.Index} and {@code Value}. */
    static Map<String, Object> itemContext(Map<String, Object> context, int index, Object value) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("Index", index);
        item.put("Value", value);
        Map<String, Object> itemContext = new LinkedHashMap<>(context);
        itemContext.put("Map", Map.of("Item", item));
        return itemContext;
    }

    /** JSONata bindings: {@code $states} (input, context, and {@code extraKey}) and the visible variables. */
    Map<String, Object> bindings(Map<String, Object> context, String extraKey, Object extra) {
        Map<String, Object> states = new HashMap<>();
        states.put("input", input.value());
        states.put("context", context);
        if (extraKey != null) {
            states.put(extraKey, extra);
        }
        Map<String, Object> bindings = new HashMap<>();
        branch.variables.collect(bindings);
        bindings.put("states", states);
        return bindings;
    }

    /** What a JSONPath path or payload template reads: {@code $} is {@code value}. */
    PathScope scope(Object value, Map<String, Object> context) {
        return new PathScope(value, context, branch.variables);
    }

    /** Evaluates a JSONata template; a JSONata failure becomes an EvaluationFailed event and the error. */
    Object evaluate(JsonataTemplate template, Map<String, Object> bindings) {
        try {
            return template.evaluate(bindings, interpreter.clock().now());
        } catch (JsonataTemplate.QueryError e) {
            throw queryFailure(e.location(), e.getMessage());
        }
    }

    /** A JSONata state's States.QueryEvaluationError, recorded as AWS records it. */
    Failure queryFailure(String location, String message) {
        String cause = "An error occurred while executing the state '" + state.name() + "' (entered at the event id #"
                + enteredId + "). " + message;
        // previousEventId as recorded from AWS: the Wait state's entry, else the event before the entry.
        history().evaluationFailed(branch, state instanceof State.Wait ? enteredId : enteredPrevious, state.name(),
                location, cause);
        return new Failure("States.QueryEvaluationError", cause);
    }

    /** A JSONPath state's failure (States.Runtime for a path that matches nothing), as AWS words its cause. */
    Failure pathFailure(PathFailure failure) {
        return new Failure(failure.error(), "An error occurred while executing the state '" + state.name()
                + "' (entered at the event id #" + enteredId + "). " + failure.getMessage());
    }

    /** {@link #pathFailure} for a message of the engine's own. */
    Failure runtimeFailure(String message) {
        return pathFailure(PathFailure.runtime(message));
    }

    /** Checks a payload against the 256 KiB limit and records its size. */
    JsonText checked(Object value, String what) {
        JsonText text = new JsonText(value);
        int size = Json.utf8Length(text.text());
        branch.execution.payload(size);
        if (size > Limits.MAX_PAYLOAD_BYTES) {
            throw Limits.payloadTooLarge(state.name(), what);
        }
        return text;
    }

    /** Assigns the variables (after every field was evaluated with the old ones) and records the exit. */
    Outcome exit(Object output, Map<String, Object> assigned, String next) {
        JsonText text = checked(output, "output");
        if (assigned != null) {
            branch.variables.assign(assigned);
        }
        history().stateExited(branch, state.type(), state.name(), text, assigned);
        return new Outcome(text, next);
    }
}

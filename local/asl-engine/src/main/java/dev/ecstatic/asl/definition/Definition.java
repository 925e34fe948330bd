package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state machine definition, parsed and validated once: its states as {@link State} records, its
 * TimeoutSeconds, and the Task resources it calls.
 *
 * @param graph the top-level states
 * @param timeoutSeconds TimeoutSeconds, or null
 * @param problems every problem found; the definition is valid when empty
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html">State machine structure</a>
 */
public record Definition(Graph graph, Long timeoutSeconds, List<String> problems) {
    private static final Set<String> TOP_LEVEL_FIELDS =
            Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage");

    public Definition {
        problems = List.copyOf(problems);
    }

    /** Parses and validates {@code json}; the result lists every problem found. */
    @SuppressWarnings("unchecked")
    public static Definition parse(String json) {
        Problems problems = new Problems();
        Object root;
        try {
            root = Json.parse(json);
        } catch (IllegalArgumentException e) {
            return new Definition(null, null, List.of("Definition: " + e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> object)) {
            return new Definition(null, null, List.of("Definition: the definition must be a JSON object"));
        }
        Map<String, Object> top = (Map<String, Object>) object;
        for (String field : top.keySet()) {
            if (!TOP_LEVEL_FIELDS.contains(field)) {
                problems.add(null, field, "unknown field");
            }
        }
        QueryLanguage language = QueryLanguage.JSONPATH;
        if (top.containsKey("QueryLanguage")) {
            language = QueryLanguage.of(top.get("QueryLanguage"));
            if (language == null) {
                problems.add(null, "QueryLanguage", "must be \"JSONata\" or \"JSONPath\"");
                language = QueryLanguage.JSONPATH;
            }
        }
        Object timeout = top.get("TimeoutSeconds");
        Long timeoutSeconds = null;
        if (timeout instanceof Number number && number.doubleValue() > 0
                && number.doubleValue() == Math.rint(number.doubleValue())) {
            timeoutSeconds = number.longValue();
        } else if (timeout != null) {
            problems.add(null, "TimeoutSeconds", "must be a positive integer");
        }
        Graph graph = new GraphParser(problems, language).graph(top, null);
        return new Definition(graph, timeoutSeconds, problems.list());
    }

    /**
     * A Task state and the resource it calls.
     *
     * @param state the state's name
     * @param resource its Resource
     */
    public record TaskResource(String state, String resource) {}

    /** Every Task state of the definition, nested ones included, with its resource. */
    public List<TaskResource> taskResources() {
        List<TaskResource> tasks = new ArrayList<>();
        collectTasks(graph, tasks);
        return tasks;
    }

    private static void collectTasks(Graph graph, List<TaskResource> tasks) {
        for (State state : graph.states().values()) {
            switch (state) {
                case State.Task task -> tasks.add(new TaskResource(task.name(), task.resource()));
                case State.Parallel parallel -> parallel.branches().forEach(branch -> collectTasks(branch, tasks));
                case State.Map map -> collectTasks(map.processor(), tasks);
                default -> { }
            }
        }
    }

    /**
     * A field of a state.
     *
     * @param state the state's name
     * @param field the field's name
     */
    public record StateField(String state, String field) {}

    /** The Map states, nested ones included, that read items from S3 or write results there (their ItemReader, ResultWriter). */
    public List<StateField> s3Users() {
        List<StateField> users = new ArrayList<>();
        collectS3Users(graph, users);
        return users;
    }

    private static void collectS3Users(Graph graph, List<StateField> users) {
        for (State state : graph.states().values()) {
            if (state instanceof State.Map map) {
                if (map.config().itemReader() != null) {
                    users.add(new StateField(map.name(), "ItemReader"));
                }
                if (map.config().resultWriter() != null && map.config().resultWriter().exports()) {
                    users.add(new StateField(map.name(), "ResultWriter"));
                }
                collectS3Users(map.processor(), users);
            } else if (state instanceof State.Parallel parallel) {
                parallel.branches().forEach(branch -> collectS3Users(branch, users));
            }
        }
    }

    /** Reads graphs: the top level, Parallel branches and Map ItemProcessors. */
    static final class GraphParser {
        private final Problems problems;
        private final QueryLanguage topLevel;

        GraphParser(Problems problems, QueryLanguage topLevel) {
            this.problems = problems;
            this.topLevel = topLevel;
        }

        /** A graph; {@code where} names it in problems ("P (branch 0)"), null for the top level. */
        @SuppressWarnings("unchecked")
        Graph graph(Map<String, Object> fields, String where) {
            Object startAt = fields.get("StartAt");
            Object states = fields.get("States");
            if (!(startAt instanceof String)) {
                problems.add(where, "StartAt", "required, a state name");
            }
            if (!(states instanceof Map<?, ?> written) || written.isEmpty()) {
                problems.add(where, "States", "required, an object of at least one state");
                return new Graph(String.valueOf(startAt), Map.of());
            }
            Map<String, Object> declared = (Map<String, Object>) states;
            Map<String, State> parsed = new LinkedHashMap<>();
            for (Map.Entry<String, Object> state : declared.entrySet()) {
                if (!(state.getValue() instanceof Map<?, ?> stateFields)) {
                    problems.add(state.getKey(), "Type", "a state must be a JSON object");
                    continue;
                }
                State result = new StateParser(this, problems, topLevel)
                        .state(state.getKey(), (Map<String, Object>) stateFields);
                if (result != null) {
                    parsed.put(state.getKey(), result);
                }
            }
            if (startAt instanceof String first && !declared.containsKey(first)) {
                problems.add(where, "StartAt", "no state named \"" + first + "\"");
            }
            for (State state : parsed.values()) {
                for (Transition transition : transitions(state)) {
                    if (!declared.containsKey(transition.target())) {
                        problems.add(state.name(), transition.field(),
                                "no state named \"" + transition.target() + "\" (in the same States object)");
                    }
                }
            }
            if (startAt instanceof String first && parsed.containsKey(first)) {
                checkReachable(first, parsed);
            }
            return new Graph(String.valueOf(startAt), parsed);
        }

        private void checkReachable(String startAt, Map<String, State> states) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> pending = new ArrayDeque<>(List.of(startAt));
            while (!pending.isEmpty()) {
                String name = pending.pop();
                if (!seen.add(name) || !states.containsKey(name)) {
                    continue;
                }
                for (Transition transition : transitions(states.get(name))) {
                    pending.push(transition.target());
                }
            }
            for (String name : states.keySet()) {
                if (!seen.contains(name)) {
                    problems.add(name, "Type", "state is not reachable from StartAt \"" + startAt + "\"");
                }
            }
        }

        private record Transition(String field, String target) {}

        private static List<Transition> transitions(State state) {
            List<Transition> transitions = new ArrayList<>();
            ErrorHandling errorHandling = ErrorHandling.NONE;
            switch (state) {
                case State.Pass pass -> addNext(transitions, pass.next());
                case State.Task task -> {
                    addNext(transitions, task.next());
                    errorHandling = task.errorHandling();
                }
                case State.Wait wait -> addNext(transitions, wait.next());
                case State.Parallel parallel -> {
                    addNext(transitions, parallel.next());
                    errorHandling = parallel.errorHandling();
                }
                case State.Map map -> {
                    addNext(transitions, map.next());
                    errorHandling = map.errorHandling();
                }
                case State.Choice choice -> {
                    if (choice.defaultNext() != null) {
                        transitions.add(new Transition("Default", choice.defaultNext()));
                    }
                    for (ChoiceRule rule : choice.choices()) {
                        if (rule.next() != null) {
                            transitions.add(new Transition("Choices/Next", rule.next()));
                        }
                    }
                }
                case State.Succeed succeed -> { }
                case State.Fail fail -> { }
            }
            for (Catcher catcher : errorHandling.catchers()) {
                if (catcher.next() != null) {
                    transitions.add(new Transition("Catch/Next", catcher.next()));
                }
            }
            return transitions;
        }

        private static void addNext(List<Transition> transitions, String next) {
            if (next != null) {
                transitions.add(new Transition("Next", next));
            }
        }
    }
}

package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.data.JsonataTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one state into its {@link State} record: the fields its type and dialect allow, Next or
 * End, its data flow, and what is particular to its type.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html">State machine structure</a>
 */
final class StateParser {
    private static final Set<String> ALWAYS = Set.of("Type", "Comment", "QueryLanguage");

    /** Fields of JSONata states, by type. */
    private static final Map<String, Set<String>> JSONATA_FIELDS = Map.of(
            "Pass", Set.of("Output", "Assign", "Next", "End"),
            "Task", Set.of("Resource", "Arguments", "Output", "Assign", "TimeoutSeconds", "HeartbeatSeconds", "Retry",
                    "Catch", "Credentials", "Next", "End"),
            "Wait", Set.of("Seconds", "Timestamp", "Output", "Assign", "Next", "End"),
            "Choice", Set.of("Choices", "Default", "Output", "Assign"),
            "Succeed", Set.of("Output"),
            "Fail", Set.of("Error", "Cause"),
            "Parallel", Set.of("Branches", "Arguments", "Output", "Assign", "Retry", "Catch", "Next", "End"),
            "Map", Set.of("ItemProcessor", "Items", "ItemSelector", "MaxConcurrency", "ToleratedFailureCount",
                    "ToleratedFailurePercentage", "Label", "ItemReader", "ItemBatcher", "ResultWriter", "Output",
                    "Assign", "Retry", "Catch", "Next", "End"));

    /** Fields of JSONPath states, by type. */
    private static final Map<String, Set<String>> JSONPATH_FIELDS = Map.of(
            "Pass", Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign", "Next", "End"),
            "Task", Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Resource",
                    "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Retry",
                    "Catch", "Credentials", "Assign", "Next", "End"),
            "Wait", Set.of("InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign",
                    "Next", "End"),
            "Choice", Set.of("InputPath", "OutputPath", "Choices", "Default", "Assign"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel", Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Branches",
                    "Retry", "Catch", "Assign", "Next", "End"),
            "Map", Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "ItemsPath",
                    "ItemSelector", "ItemProcessor", "Iterator", "MaxConcurrency", "MaxConcurrencyPath",
                    "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "Label", "ItemReader", "ItemBatcher", "ResultWriter", "Retry",
                    "Catch", "Assign", "Next", "End"));

    /** Fields only the JSONPath dialect has, for a clearer message in a JSONata state. */
    static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "ResultPath", "Parameters",
            "ResultSelector", "Result", "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath",
            "TimestampPath", "ErrorPath", "CausePath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath", "Iterator");

    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");

    private final Definition.GraphParser graphs;
    private final Problems problems;
    private final QueryLanguage topLevel;

    StateParser(Definition.GraphParser graphs, Problems problems, QueryLanguage topLevel) {
        this.graphs = graphs;
        this.problems = problems;
        this.topLevel = topLevel;
    }

    /** The state, or null when its type is unknown or its dialect not allowed. */
    State state(String name, Map<String, Object> written) {
        Object type = written.get("Type");
        if (!(type instanceof String typeName) || !JSONATA_FIELDS.containsKey(typeName)) {
            problems.add(name, "Type", "must be one of Pass, Task, Wait, Choice, Succeed, Fail, Parallel, Map (was "
                    + Json.write(type) + ")");
            return null;
        }
        QueryLanguage language = topLevel;
        if (written.containsKey("QueryLanguage")) {
            QueryLanguage own = QueryLanguage.of(written.get("QueryLanguage"));
            if (own == null) {
                problems.add(name, "QueryLanguage", "must be \"JSONata\" or \"JSONPath\"");
            } else if (topLevel == QueryLanguage.JSONATA && own == QueryLanguage.JSONPATH) {
                problems.add(name, "QueryLanguage", "a JSONPath state is not allowed in a JSONata state machine");
            } else {
                language = own;
            }
        }
        StateFields fields = new StateFields(name, written, language, problems);
        checkFieldNames(fields, typeName);
        String next = typeName.equals("Choice") || typeName.equals("Succeed") || typeName.equals("Fail")
                ? null : next(fields, typeName);
        DataFlow dataFlow = dataFlow(fields, typeName);
        return switch (typeName) {
            case "Pass" -> new State.Pass(name, dataFlow, next, written.containsKey("Result") ? written.get("Result") : null);
            case "Task" -> task(fields, dataFlow, next);
            case "Wait" -> waitState(fields, dataFlow, next);
            case "Choice" -> new ChoiceParser(fields).choice(dataFlow);
            case "Succeed" -> new State.Succeed(name, dataFlow);
            case "Fail" -> fail(fields, dataFlow);
            case "Parallel" -> parallel(fields, dataFlow, next);
            default -> new MapParser(fields, graphs).map(dataFlow, next);
        };
    }

    private void checkFieldNames(StateFields fields, String type) {
        Set<String> allowed = (fields.jsonata() ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type);
        for (String field : fields.all().keySet()) {
            if (ALWAYS.contains(field) || allowed.contains(field)) {
                continue;
            }
            if (fields.jsonata() && JSONPATH_ONLY.contains(field)) {
                fields.problem(field, "JSONPath-only field in a JSONata state (use Arguments, Output, Items or a "
                        + "JSONata expression instead)");
            } else if (!fields.jsonata() && JSONATA_ONLY.contains(field)) {
                fields.problem(field, "JSONata-only field in a JSONPath state (set \"QueryLanguage\": \"JSONata\" "
                        + "to use it)");
            } else {
                fields.problem(field, "unknown field for a " + type + " state");
            }
        }
    }

    private static String next(StateFields fields, String type) {
        Object next = fields.raw("Next");
        Object end = fields.raw("End");
        if (next != null && !(next instanceof String)) {
            fields.problem("Next", "must be a state name");
        }
        if (end != null && !(end instanceof Boolean)) {
            fields.problem("End", "must be a boolean");
        }
        boolean isEnd = Boolean.TRUE.equals(end);
        if (next == null && !isEnd) {
            fields.problem("Next", "missing: a " + type + " state needs \"Next\" or \"End\": true");
        } else if (next != null && isEnd) {
            fields.problem("End", "a state cannot have both \"Next\" and \"End\": true");
        }
        return next instanceof String name ? name : null;
    }

    /** The state's data flow fields in its dialect. */
    static DataFlow dataFlow(StateFields fields, String type) {
        if (fields.has("Assign") && !(fields.raw("Assign") instanceof Map)) {
            fields.problem("Assign", "must be an object of variable names to values");
        }
        if (fields.jsonata()) {
            // A Map's Items and a Task's Arguments are read by their own parsers; Parallel and Task take Arguments.
            return new DataFlow.JsonataFields(type.equals("Task") || type.equals("Parallel")
                    ? fields.jsonata("Arguments") : null, fields.jsonata("Output"), fields.jsonata("Assign"));
        }
        boolean parameters = type.equals("Pass") || type.equals("Task") || type.equals("Parallel");
        return new DataFlow.JsonPathFields(
                fields.path("InputPath", JsonPath.WHOLE, false),
                parameters ? fields.payload("Parameters") : null,
                fields.payload("ResultSelector"),
                fields.path("ResultPath", JsonPath.WHOLE, true),
                fields.path("OutputPath", JsonPath.WHOLE, false),
                fields.payload("Assign"));
    }

    private static State.Task task(StateFields fields, DataFlow dataFlow, String next) {
        String resource = fields.string("Resource");
        if (resource == null || resource.isEmpty()) {
            fields.problem("Resource", "required, the ARN of the resource to call");
        }
        Field timeout = fields.field("TimeoutSeconds");
        Field heartbeat = fields.field("HeartbeatSeconds");
        Double timeoutValue = positiveConstant(fields, timeout);
        Double heartbeatValue = positiveConstant(fields, heartbeat);
        if (timeoutValue != null && heartbeatValue != null && heartbeatValue >= timeoutValue) {
            fields.problem("HeartbeatSeconds", "must be smaller than TimeoutSeconds");
        }
        return new State.Task(fields.state(), dataFlow, next, resource, timeout, heartbeat,
                new ErrorHandlingParser(fields).errorHandling());
    }

    private static Double positiveConstant(StateFields fields, Field field) {
        Object constant = switch (field) {
            case Field.Fixed fixed -> fixed.value();
            case Field.Jsonata jsonata when jsonata.template() instanceof JsonataTemplate.Literal literal -> literal.value();
            case null, default -> null;
        };
        if (constant == null) {
            return null;
        }
        if (constant instanceof Number number && number.doubleValue() > 0
                && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.doubleValue();
        }
        fields.problem(field.name(), "must be a positive integer" + (fields.jsonata() ? " or a JSONata expression" : ""));
        return null;
    }

    private static State.Wait waitState(StateFields fields, DataFlow dataFlow, String next) {
        Field seconds = fields.field("Seconds");
        Field timestamp = fields.field("Timestamp");
        if ((seconds == null) == (timestamp == null)) {
            fields.problem("Seconds", "a Wait state needs exactly one of Seconds or Timestamp"
                    + (fields.jsonata() ? "" : " (or SecondsPath, TimestampPath)"));
        }
        fields.checkConstant(seconds, value -> value instanceof Number number && number.doubleValue() >= 0
                && number.doubleValue() == Math.rint(number.doubleValue()),
                "must be a non-negative integer" + (fields.jsonata() ? " or a JSONata expression" : ""));
        fields.checkConstant(timestamp, value -> value instanceof String,
                "must be an ISO-8601 timestamp string" + (fields.jsonata() ? " or a JSONata expression" : ""));
        return new State.Wait(fields.state(), dataFlow, next, seconds, timestamp);
    }

    private static State.Fail fail(StateFields fields, DataFlow dataFlow) {
        Field error = fields.field("Error");
        Field cause = fields.field("Cause");
        fields.checkConstant(error, value -> value instanceof String, "must be a string");
        fields.checkConstant(cause, value -> value instanceof String, "must be a string");
        return new State.Fail(fields.state(), dataFlow, error, cause);
    }

    @SuppressWarnings("unchecked")
    private State.Parallel parallel(StateFields fields, DataFlow dataFlow, String next) {
        Object written = fields.raw("Branches");
        List<Graph> branches = new ArrayList<>();
        if (!(written instanceof List<?> list) || list.isEmpty()) {
            fields.problem("Branches", "required, a non-empty array of branches");
        } else {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> branch) {
                    branches.add(graphs.graph((Map<String, Object>) branch, fields.state() + " (branch " + i + ")"));
                } else {
                    fields.problem("Branches/" + i, "must be an object with StartAt and States");
                }
            }
        }
        return new State.Parallel(fields.state(), dataFlow, next, branches,
                new ErrorHandlingParser(fields).errorHandling());
    }
}

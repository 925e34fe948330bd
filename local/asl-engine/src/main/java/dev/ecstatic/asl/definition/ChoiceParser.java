package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.data.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Choice state's rules: a JSONata rule is {@code {Condition, Next, Output, Assign}}; a
 * JSONPath rule is a comparison of a Variable, or And/Or/Not of nested rules, with Next and Assign
 * at the top level only.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html">Choice state</a>
 */
final class ChoiceParser {
    private static final Set<String> JSONATA_RULE_FIELDS = Set.of("Condition", "Next", "Output", "Assign", "Comment");

    private final StateFields fields;

    ChoiceParser(StateFields fields) {
        this.fields = fields;
    }

    State.Choice choice(DataFlow dataFlow) {
        Object written = fields.raw("Choices");
        List<ChoiceRule> rules = new ArrayList<>();
        if (!(written instanceof List<?> list) || list.isEmpty()) {
            fields.problem("Choices", "required, a non-empty array of rules");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String where = "Choices/" + i;
                if (!(list.get(i) instanceof Map<?, ?>)) {
                    fields.problem(where, "must be an object");
                    continue;
                }
                StateFields rule = fields.element("Choices", i);
                rules.add(fields.jsonata() ? jsonataRule(rule) : jsonPathRule(rule, dataFlow));
            }
        }
        Object defaultNext = fields.raw("Default");
        if (defaultNext != null && !(defaultNext instanceof String)) {
            fields.problem("Default", "must be a state name");
        }
        return new State.Choice(fields.state(), dataFlow, rules, defaultNext instanceof String name ? name : null);
    }

    private ChoiceRule jsonataRule(StateFields rule) {
        for (String field : rule.all().keySet()) {
            if (!JSONATA_RULE_FIELDS.contains(field)) {
                rule.problem(field, isJsonPathRuleField(field)
                        ? "JSONPath-only choice rule field in a JSONata state (use \"Condition\")" : "unknown field");
            }
        }
        if (!rule.has("Condition")) {
            rule.problem("Condition", "required in a JSONata choice rule");
        }
        String next = next(rule);
        Condition condition = rule.has("Condition") ? new Condition.Jsonata(rule.jsonata("Condition")) : null;
        return new ChoiceRule(condition, next,
                new DataFlow.JsonataFields(null, rule.jsonata("Output"), rule.jsonata("Assign")));
    }

    /** A JSONPath rule; it has the state's InputPath and OutputPath, and its own Assign. */
    private ChoiceRule jsonPathRule(StateFields rule, DataFlow stateFlow) {
        String next = next(rule);
        Condition condition = condition(rule, Set.of("Next", "Assign", "Comment"));
        DataFlow.JsonPathFields state = (DataFlow.JsonPathFields) stateFlow;
        return new ChoiceRule(condition, next, new DataFlow.JsonPathFields(state.inputPath(), null, null,
                JsonPath.WHOLE, state.outputPath(), rule.payload("Assign")));
    }

    private static String next(StateFields rule) {
        if (!(rule.raw("Next") instanceof String next)) {
            rule.problem("Next", "required, a state name");
            return null;
        }
        return next;
    }

    /** A JSONPath rule's test; {@code extra} are the fields allowed beside it (Next, Assign at the top). */
    private Condition condition(StateFields rule, Set<String> extra) {
        List<String> tests = rule.all().keySet().stream().filter(field -> !extra.contains(field)).toList();
        if (rule.has("And") || rule.has("Or") || rule.has("Not")) {
            String operator = rule.has("And") ? "And" : rule.has("Or") ? "Or" : "Not";
            for (String field : tests) {
                if (!field.equals(operator)) {
                    rule.problem(field, "unknown field beside \"" + operator + "\" in a choice rule");
                }
            }
            Object nested = rule.raw(operator);
            if (operator.equals("Not")) {
                if (!(nested instanceof Map<?, ?>)) {
                    rule.problem("Not", "must be a choice rule (an object)");
                    return null;
                }
                return new Condition.Not(condition(rule.nested("Not"), Set.of("Comment")));
            }
            if (!(nested instanceof List<?> list) || list.isEmpty()) {
                rule.problem(operator, "must be a non-empty array of choice rules");
                return null;
            }
            List<Condition> conditions = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?>)) {
                    rule.problem(operator + "/" + i, "must be a choice rule (an object)");
                    continue;
                }
                conditions.add(condition(rule.element(operator, i), Set.of("Comment")));
            }
            return operator.equals("And") ? new Condition.And(conditions) : new Condition.Or(conditions);
        }
        return comparison(rule, tests);
    }

    private Condition comparison(StateFields rule, List<String> tests) {
        if (!rule.has("Variable")) {
            rule.problem("Variable", rule.has("Condition")
                    ? "a JSONPath choice rule has Variable and a comparison, not Condition (set \"QueryLanguage\": \"JSONata\")"
                    : "required in a choice rule without And, Or or Not");
            return null;
        }
        JsonPath variable = rule.parsePath("Variable", rule.raw("Variable"));
        List<String> operators = tests.stream().filter(field -> !field.equals("Variable")).toList();
        if (operators.size() != 1) {
            rule.problem("Variable", "a choice rule needs exactly one comparison operator (StringEquals, "
                    + "NumericLessThan, IsPresent...), found " + operators);
            return null;
        }
        String field = operators.get(0);
        boolean path = field.endsWith("Path");
        ComparisonOperator operator = ComparisonOperator.named(field, path);
        if (operator == null) {
            rule.problem(field, "unknown comparison operator");
            return null;
        }
        Object value = rule.raw(field);
        if (path) {
            JsonPath operand = rule.parsePath(field, value);
            return new Condition.Comparison(variable, operator, null, operand);
        }
        boolean fits = switch (operator.kind()) {
            case STRING, TIMESTAMP -> value instanceof String;
            case NUMERIC -> value instanceof Number;
            case BOOLEAN, TYPE_TEST -> value instanceof Boolean;
        };
        if (!fits) {
            rule.problem(field, "must be " + switch (operator.kind()) {
                case STRING -> "a string";
                case TIMESTAMP -> "a timestamp string";
                case NUMERIC -> "a number";
                case BOOLEAN, TYPE_TEST -> "a boolean";
            } + " (was " + Json.write(value) + ")");
        }
        return new Condition.Comparison(variable, operator, value, null);
    }

    private static boolean isJsonPathRuleField(String field) {
        return StateParser.JSONPATH_ONLY.contains(field) || field.equals("Variable") || field.equals("And")
                || field.equals("Or") || field.equals("Not") || field.endsWith("Equals") || field.startsWith("Is")
                || field.contains("Than") || field.contains("Matches");
    }
}

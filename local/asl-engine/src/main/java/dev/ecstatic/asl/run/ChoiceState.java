package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.definition.ChoiceRule;
import dev.ecstatic.asl.definition.ComparisonOperator;
import dev.ecstatic.asl.definition.Condition;
import dev.ecstatic.asl.definition.State;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Choice state: the first rule whose condition holds names the next state (with the rule's
 * Output and Assign), else Default (with the state's own), else the execution fails with
 * States.NoChoiceMatched. A JSONata condition must evaluate to a boolean; a JSONPath rule compares
 * its Variable as the operator says, a value of another type never matching.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html">Choice state</a>
 */
final class ChoiceState {
    private ChoiceState() {}

    static Outcome execute(State.Choice choice, StateRun run) {
        Map<String, Object> context = run.context(0);
        Map<String, Object> bindings = choice.jsonata() ? run.bindings(context, null, null) : null;
        Object effectiveInput = choice.jsonata() ? null : InputOutput.inputPath(run, choice.dataFlow(), context);
        for (ChoiceRule rule : choice.choices()) {
            boolean matched = switch (rule.condition()) {
                case Condition.Jsonata jsonata -> jsonataCondition(run, jsonata, bindings);
                case Condition comparison -> holds(run, comparison, effectiveInput, context);
            };
            if (matched) {
                return InputOutput.passThrough(run, rule.dataFlow(), context, bindings, rule.next());
            }
        }
        if (choice.defaultNext() == null) {
            throw new Failure("States.NoChoiceMatched", "No Matches!");
        }
        return InputOutput.passThrough(run, choice.dataFlow(), context, bindings, choice.defaultNext());
    }

    private static boolean jsonataCondition(StateRun run, Condition.Jsonata condition, Map<String, Object> bindings) {
        Object value = run.evaluate(condition.condition(), bindings);
        if (!(value instanceof Boolean result)) {
            throw run.queryFailure("Condition", "The JSONata expression '" + condition.condition().describe(value)
                    + "' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', "
                    + "but was '" + Json.typeName(value) + "' for value: " + Json.write(value));
        }
        return result;
    }

    /** Whether a JSONPath rule holds for {@code input}. */
    private static boolean holds(StateRun run, Condition condition, Object input, Map<String, Object> context) {
        return switch (condition) {
            case Condition.And and -> and.conditions().stream().allMatch(operand -> holds(run, operand, input, context));
            case Condition.Or or -> or.conditions().stream().anyMatch(operand -> holds(run, operand, input, context));
            case Condition.Not not -> !holds(run, not.condition(), input, context);
            case Condition.Comparison comparison -> compare(run, comparison, input, context);
            case Condition.Jsonata jsonata -> jsonataCondition(run, jsonata, run.bindings(context, null, null));
        };
    }

    private static boolean compare(StateRun run, Condition.Comparison comparison, Object input,
            Map<String, Object> context) {
        ComparisonOperator operator = comparison.operator();
        Object value = read(run, comparison.variable(), input, context, operator == ComparisonOperator.IsPresent);
        if (operator.kind() == ComparisonOperator.Kind.TYPE_TEST) {
            return typeTest(operator, value) == (Boolean) comparison.operand();
        }
        Object operand = comparison.operandPath() == null ? comparison.operand()
                : read(run, comparison.operandPath(), input, context, false);
        return switch (operator.kind()) {
            case STRING -> value instanceof String text && operand instanceof String other
                    && (operator == ComparisonOperator.StringMatches ? matches(text, other)
                            : ordered(operator, text.compareTo(other)));
            case NUMERIC -> value instanceof Number number && operand instanceof Number other
                    && ordered(operator, Json.toBigDecimal(number).compareTo(Json.toBigDecimal(other)));
            case BOOLEAN -> value instanceof Boolean bool && bool.equals(operand);
            case TIMESTAMP -> {
                OffsetDateTime time = timestamp(value);
                OffsetDateTime other = timestamp(operand);
                yield time != null && other != null && ordered(operator, time.toInstant().compareTo(other.toInstant()));
            }
            case TYPE_TEST -> throw new IllegalStateException("type tests are answered above");
        };
    }

    /** The Variable's value; null when absent and {@code absentAllowed} (IsPresent), else the state fails. */
    private static Object read(StateRun run, JsonPath path, Object input, Map<String, Object> context,
            boolean absentAllowed) {
        try {
            return path.read(run.scope(input, context));
        } catch (JsonPath.NoMatch e) {
            if (absentAllowed) {
                return null;
            }
            throw run.runtimeFailure("Invalid path '" + path.text()
                    + "': The choice state's condition path references an invalid value.");
        }
    }

    private static boolean typeTest(ComparisonOperator operator, Object value) {
        return switch (operator) {
            case IsPresent -> value != null;
            case IsNull -> value == Json.NULL;
            case IsNumeric -> value instanceof Number;
            case IsString -> value instanceof String;
            case IsBoolean -> value instanceof Boolean;
            case IsTimestamp -> timestamp(value) != null;
            default -> throw new IllegalStateException(operator + " is not a type test");
        };
    }

    private static boolean ordered(ComparisonOperator operator, int comparison) {
        String name = operator.name();
        if (name.endsWith("GreaterThanEquals")) {
            return comparison >= 0;
        }
        if (name.endsWith("LessThanEquals")) {
            return comparison <= 0;
        }
        if (name.endsWith("GreaterThan")) {
            return comparison > 0;
        }
        if (name.endsWith("LessThan")) {
            return comparison < 0;
        }
        return comparison == 0;
    }

    /** StringMatches: {@code *} matches any characters; {@code \*} and {@code \\} are a literal * and \. */
    static boolean matches(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char character = pattern.charAt(i);
            if (character == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (character == '*') {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(String.valueOf(character)));
            }
        }
        return text.matches("(?s)" + regex);
    }

    /** An RFC 3339 timestamp (ISO-8601 with an offset), or null. */
    private static OffsetDateTime timestamp(Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

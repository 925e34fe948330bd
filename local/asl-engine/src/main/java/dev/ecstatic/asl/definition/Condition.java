package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.data.JsonataTemplate;
import java.util.List;

/**
 * The test of a choice rule: a JSONata Condition, or a JSONPath rule (a comparison of a Variable,
 * or And, Or, Not of nested rules).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html">Choice state</a>
 */
public sealed interface Condition {

    /** {@code "Condition": "{% ... %}"}, which must evaluate to a boolean. */
    record Jsonata(JsonataTemplate condition) implements Condition {}

    /**
     * {@code "Variable": "$.x", "<Operator>": value} or {@code "<Operator>Path": "$.y"}.
     *
     * @param operand the value compared with (null for the type tests and for a Path variant)
     * @param operandPath the path of a Path variant, else null
     */
    record Comparison(JsonPath variable, ComparisonOperator operator, Object operand, JsonPath operandPath)
            implements Condition {}

    /** {@code "And": [...]}. */
    record And(List<Condition> conditions) implements Condition {
        public And {
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code "Or": [...]}. */
    record Or(List<Condition> conditions) implements Condition {
        public Or {
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code "Not": {...}}. */
    record Not(Condition condition) implements Condition {}
}

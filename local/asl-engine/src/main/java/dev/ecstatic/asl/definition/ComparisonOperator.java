package dev.ecstatic.asl.definition;

/**
 * The comparison operators of JSONPath choice rules; each but the type tests and StringMatches also
 * has a "...Path" variant comparing with the value at a path.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html#amazon-states-language-choice-state-rules">Choice Rules</a>
 */
public enum ComparisonOperator {
    StringEquals(Kind.STRING), StringLessThan(Kind.STRING), StringGreaterThan(Kind.STRING),
    StringLessThanEquals(Kind.STRING), StringGreaterThanEquals(Kind.STRING), StringMatches(Kind.STRING),
    NumericEquals(Kind.NUMERIC), NumericLessThan(Kind.NUMERIC), NumericGreaterThan(Kind.NUMERIC),
    NumericLessThanEquals(Kind.NUMERIC), NumericGreaterThanEquals(Kind.NUMERIC),
    BooleanEquals(Kind.BOOLEAN),
    TimestampEquals(Kind.TIMESTAMP), TimestampLessThan(Kind.TIMESTAMP), TimestampGreaterThan(Kind.TIMESTAMP),
    TimestampLessThanEquals(Kind.TIMESTAMP), TimestampGreaterThanEquals(Kind.TIMESTAMP),
    IsNull(Kind.TYPE_TEST), IsPresent(Kind.TYPE_TEST), IsNumeric(Kind.TYPE_TEST), IsString(Kind.TYPE_TEST),
    IsBoolean(Kind.TYPE_TEST), IsTimestamp(Kind.TYPE_TEST);

    /** What an operator compares. */
    public enum Kind { STRING, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

    private final Kind kind;

    ComparisonOperator(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the operator has a "...Path" variant. */
    public boolean hasPathVariant() {
        return kind != Kind.TYPE_TEST && this != StringMatches;
    }

    /** The operator named {@code field} ("NumericLessThan", or "NumericLessThanPath" when {@code path}), or null. */
    public static ComparisonOperator named(String field, boolean path) {
        String name = path ? field.substring(0, field.length() - "Path".length()) : field;
        for (ComparisonOperator operator : values()) {
            if (operator.name().equals(name) && (!path || operator.hasPathVariant())) {
                return operator;
            }
        }
        return null;
    }
}

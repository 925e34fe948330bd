package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.definition.Field;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The single computed values of states (TimeoutSeconds, MaxConcurrency, ToleratedFailureCount,
 * Fail's Error...) evaluated, checked, and refused in the words AWS uses: a JSONata value that does
 * not fit is States.QueryEvaluationError, a JSONPath "...Path" value that does not is States.Runtime.
 * A JSONPath path value may be a numeric string ("2"), which AWS accepts as the number.
 */
final class FieldValues {
    private FieldValues() {}

    /** The field's value: a constant, a JSONata template's result, or what its path reads from {@code pathInput}. */
    static Object evaluate(StateRun run, Field field, Map<String, Object> context, Object pathInput) {
        return switch (field) {
            case Field.Fixed fixed -> fixed.value();
            case Field.Jsonata jsonata -> run.evaluate(jsonata.template(), run.bindings(context, null, null));
            case Field.Path path -> {
                try {
                    yield path.path().read(run.scope(pathInput, context));
                } catch (JsonPath.NoMatch e) {
                    throw run.runtimeFailure("Invalid path '" + path.path().text() + "' : " + e.getMessage());
                }
            }
            case Field.Function function -> InputOutput.payload(run,
                    () -> function.call().evaluate(run.scope(pathInput, context)));
        };
    }

    /** MaxConcurrency, ToleratedFailureCount, MaxItems...: an integer of at least {@code minimum}. */
    static long integer(StateRun run, Field field, Map<String, Object> context, Object pathInput, long minimum,
            String belowMinimum) {
        Object value = evaluate(run, field, context, pathInput);
        if (field instanceof Field.Path path) {
            BigDecimal number = number(value);
            if (number == null || number.stripTrailingZeros().scale() > 0) {
                throw run.runtimeFailure(notA(path, value, "integer"));
            }
            if (number.longValue() < minimum) {
                throw run.runtimeFailure(belowMinimum);
            }
            return number.longValue();
        }
        if (!(value instanceof Number number) || number.doubleValue() < minimum
                || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw run.queryFailure(field.name(), "The value of the field '" + field.name() + "' must be a "
                    + (minimum > 0 ? "positive" : "non-negative") + " integer, but was: " + Json.write(value));
        }
        return number.longValue();
    }

    /** ToleratedFailurePercentage: a number from 0 to 100. */
    static double percentage(StateRun run, Field field, Map<String, Object> context, Object pathInput) {
        Object value = evaluate(run, field, context, pathInput);
        if (field instanceof Field.Path path) {
            BigDecimal number = number(value);
            if (number == null) {
                throw run.runtimeFailure(notA(path, value, "float"));
            }
            if (number.doubleValue() < 0 || number.doubleValue() > 100) {
                throw run.runtimeFailure("ToleratedFailurePercentage must be between 0 and 100.");
            }
            return number.doubleValue();
        }
        if (!(value instanceof Number number) || number.doubleValue() < 0 || number.doubleValue() > 100) {
            throw run.queryFailure(field.name(), "The value of the field 'ToleratedFailurePercentage' must be a number "
                    + "from 0 to 100, but was: " + Json.write(value));
        }
        return number.doubleValue();
    }

    /** Fail's Error and Cause: a string. */
    static String string(StateRun run, Field field, Map<String, Object> context, Object pathInput) {
        Object value = evaluate(run, field, context, pathInput);
        if (value instanceof String text) {
            return text;
        }
        if (field instanceof Field.Jsonata) {
            throw run.queryFailure(field.name(), "The JSONata expression specified for the field '" + field.name()
                    + "' returned an unexpected result type. Expected 'string', but was '" + Json.typeName(value)
                    + "' for value: " + Json.write(value));
        }
        // A JSONPath ErrorPath or CausePath may select any value; AWS writes it as JSON.
        return Json.write(value);
    }

    /** The number a value is, or stands for when a numeric string; null when neither. */
    static BigDecimal number(Object value) {
        if (value instanceof Number number) {
            return Json.toBigDecimal(number);
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String notA(Field.Path path, Object value, String kind) {
        return "The " + path.name() + " field refers to value \"" + (value instanceof String text ? text : Json.write(value))
                + "\" which is not a valid " + kind + ": " + path.path().text();
    }
}

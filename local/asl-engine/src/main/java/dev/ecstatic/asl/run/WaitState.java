package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.definition.Field;
import dev.ecstatic.asl.definition.State;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The Wait state: waits Seconds after it was entered, or until Timestamp (ISO-8601 with an offset),
 * on the engine's clock, then passes its input on.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html">Wait state</a>
 */
final class WaitState {
    private WaitState() {}

    static Outcome execute(State.Wait wait, StateRun run) {
        Map<String, Object> context = run.context(0);
        Object effectiveInput = InputOutput.inputPath(run, wait.dataFlow(), context);
        Instant until = wait.seconds() != null
                ? run.entered.plusSeconds(seconds(run, wait.seconds(), context, effectiveInput))
                : timestamp(run, wait.timestamp(), context, effectiveInput);
        run.interpreter.sleep(run.branch, Duration.between(run.interpreter.clock().now(), until));
        return InputOutput.passThrough(run, wait.dataFlow(), context, wait.next());
    }

    private static long seconds(StateRun run, Field field, Map<String, Object> context, Object input) {
        Object value = FieldValues.evaluate(run, field, context, input);
        BigDecimal number = value instanceof Number given ? Json.toBigDecimal(given) : null;
        boolean integral = number != null && number.stripTrailingZeros().scale() <= 0;
        if (field instanceof Field.Path path) {
            String where = path.path().text() + " == " + Json.write(value);
            if (!integral) {
                throw run.runtimeFailure("The SecondsPath parameter cannot be parsed as a long value: " + where);
            }
            if (number.signum() < 0) {
                throw run.runtimeFailure("The SecondsPath parameter references a negative value: " + where);
            }
            return number.longValue();
        }
        if (!integral || number.signum() < 0) {
            throw run.queryFailure("Seconds", "The JSONata expression '" + describe(field, value)
                    + "' specified for the field 'Seconds' returned an unexpected result type. Expected 'integer', "
                    + "but was '" + Json.typeName(value) + "' for value: " + Json.write(value));
        }
        return number.longValue();
    }

    private static Instant timestamp(StateRun run, Field field, Map<String, Object> context, Object input) {
        Object value = FieldValues.evaluate(run, field, context, input);
        try {
            if (value instanceof String text) {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
        } catch (DateTimeParseException e) {
            // reported below, in AWS's words
        }
        String shown = value instanceof String text ? text : Json.write(value);
        if (field instanceof Field.Path path) {
            throw run.runtimeFailure("The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                    + "date-time format string: " + path.path().text() + " == " + shown);
        }
        if (field instanceof Field.Jsonata) {
            throw run.queryFailure("Timestamp", "The Timestamp field cannot be parsed as an ISO-8601 extended offset "
                    + "date-time format string: " + shown);
        }
        throw run.runtimeFailure("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
                + "format string: " + shown);
    }

    private static String describe(Field field, Object value) {
        return field instanceof Field.Jsonata jsonata ? jsonata.template().describe(value) : Json.write(value);
    }
}

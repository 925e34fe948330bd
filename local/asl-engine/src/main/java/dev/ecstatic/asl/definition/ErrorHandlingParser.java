package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.data.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a state's Retry and Catch.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html">Handling errors</a>
 */
final class ErrorHandlingParser {
    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> JSONATA_CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment");
    private static final Set<String> JSONPATH_CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Assign",
            "Comment");

    private final StateFields fields;

    ErrorHandlingParser(StateFields fields) {
        this.fields = fields;
    }

    ErrorHandling errorHandling() {
        return new ErrorHandling(retriers(), catchers());
    }

    @SuppressWarnings("unchecked")
    private List<Retrier> retriers() {
        Object written = fields.raw("Retry");
        List<Retrier> retriers = new ArrayList<>();
        if (written == null) {
            return retriers;
        }
        if (!(written instanceof List<?> list)) {
            fields.problem("Retry", "must be an array of retriers");
            return retriers;
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "Retry/" + i;
            if (!(list.get(i) instanceof Map<?, ?> object)) {
                fields.problem(where, "must be an object");
                continue;
            }
            Map<String, Object> retrier = (Map<String, Object>) object;
            for (String field : retrier.keySet()) {
                if (!RETRIER_FIELDS.contains(field)) {
                    fields.problem(where + "/" + field, "unknown field for a retrier");
                }
            }
            List<String> errors = errorEquals(where, retrier.get("ErrorEquals"), i == list.size() - 1);
            double interval = number(where + "/IntervalSeconds", retrier.get("IntervalSeconds"), 1, 1, 99999999, true);
            double maxAttempts = number(where + "/MaxAttempts", retrier.get("MaxAttempts"), 3, 0, 99999999, true);
            double backoff = number(where + "/BackoffRate", retrier.get("BackoffRate"), 2.0, 1.0, Double.MAX_VALUE, false);
            Double maxDelay = retrier.containsKey("MaxDelaySeconds")
                    ? number(where + "/MaxDelaySeconds", retrier.get("MaxDelaySeconds"), 0, 1, 31622400, true) : null;
            Object jitter = retrier.get("JitterStrategy");
            if (jitter != null && !"FULL".equals(jitter) && !"NONE".equals(jitter)) {
                fields.problem(where + "/JitterStrategy", "must be \"FULL\" or \"NONE\"");
            }
            retriers.add(new Retrier(errors, interval, (int) maxAttempts, backoff, maxDelay, "FULL".equals(jitter)));
        }
        return retriers;
    }

    @SuppressWarnings("unchecked")
    private List<Catcher> catchers() {
        Object written = fields.raw("Catch");
        List<Catcher> catchers = new ArrayList<>();
        if (written == null) {
            return catchers;
        }
        if (!(written instanceof List<?> list)) {
            fields.problem("Catch", "must be an array of catchers");
            return catchers;
        }
        Set<String> allowed = fields.jsonata() ? JSONATA_CATCHER_FIELDS : JSONPATH_CATCHER_FIELDS;
        for (int i = 0; i < list.size(); i++) {
            String where = "Catch/" + i;
            if (!(list.get(i) instanceof Map<?, ?>)) {
                fields.problem(where, "must be an object");
                continue;
            }
            StateFields catcher = fields.element("Catch", i);
            for (String field : catcher.all().keySet()) {
                if (!allowed.contains(field)) {
                    catcher.problem(field, fields.jsonata() && StateParser.JSONPATH_ONLY.contains(field)
                            ? "JSONPath-only field in a JSONata catcher (use Output)" : "unknown field for a catcher");
                }
            }
            List<String> errors = errorEquals(where, catcher.raw("ErrorEquals"), i == list.size() - 1);
            if (!(catcher.raw("Next") instanceof String)) {
                catcher.problem("Next", "required, a state name");
            }
            DataFlow dataFlow = fields.jsonata()
                    ? new DataFlow.JsonataFields(null, catcher.jsonata("Output"), catcher.jsonata("Assign"))
                    : new DataFlow.JsonPathFields(JsonPath.WHOLE, null, null,
                            catcher.path("ResultPath", JsonPath.WHOLE, true), JsonPath.WHOLE, catcher.payload("Assign"));
            catchers.add(new Catcher(errors, catcher.raw("Next") instanceof String next ? next : null, dataFlow));
        }
        return catchers;
    }

    private List<String> errorEquals(String where, Object written, boolean last) {
        if (!(written instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(element -> element instanceof String)) {
            fields.problem(where + "/ErrorEquals", "required, a non-empty array of error names");
            return List.of();
        }
        List<String> errors = list.stream().map(String.class::cast).toList();
        // "States.ALL ... must appear alone in its ErrorEquals array and in the last retrier/catcher"
        // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
        if (errors.contains("States.ALL") && (errors.size() > 1 || !last)) {
            fields.problem(where + "/ErrorEquals", "\"States.ALL\" must appear alone and in the last "
                    + (where.startsWith("Retry") ? "retrier" : "catcher"));
        }
        return errors;
    }

    private double number(String field, Object value, double absent, double min, double max, boolean integer) {
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number number) || number.doubleValue() < min || number.doubleValue() > max
                || (integer && number.doubleValue() != Math.rint(number.doubleValue()))) {
            fields.problem(field, "must be " + (integer ? "an integer" : "a number") + " >= " + (integer ? (long) min : min));
            return absent;
        }
        return number.doubleValue();
    }
}

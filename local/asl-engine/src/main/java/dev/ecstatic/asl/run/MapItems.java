package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.definition.Field;
import dev.ecstatic.asl.definition.MapConfig;
import dev.ecstatic.asl.definition.State;
import java.util.List;
import java.util.Map;

/**
 * What both kinds of Map share: the items from Items, ItemsPath or the input; each item's input
 * through ItemSelector (with {@code Map.Item.Index} and {@code Value} in the context object); and
 * the MaxConcurrency and tolerated failures they run with.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-fields-dist-map.html">Map state input and output fields</a>
 */
final class MapItems {
    private MapItems() {}

    /** The array to iterate over: Items (JSONata), ItemsPath (JSONPath), or the (effective) input. */
    static List<?> items(StateRun run, State.Map map, Map<String, Object> context, Object effectiveInput) {
        Field items = map.config().items();
        if (items instanceof Field.Jsonata jsonata) {
            Object value = FieldValues.evaluate(run, items, context, effectiveInput);
            if (!(value instanceof List<?> array)) {
                throw run.queryFailure("Items", "The JSONata expression '" + jsonata.template().describe(value)
                        + "' specified for the field 'Items' returned an unexpected result type. Expected 'array', but "
                        + "was '" + Json.typeName(value) + "' for value: " + Json.write(value));
            }
            return array;
        }
        if (items instanceof Field.Path path) {
            Object value;
            try {
                value = path.path().read(run.scope(effectiveInput, context));
            } catch (JsonPath.NoMatch e) {
                throw run.runtimeFailure("Invalid path '" + path.path().text() + "' : " + e.getMessage());
            }
            if (!(value instanceof List<?> array)) {
                throw run.runtimeFailure("Invalid path '" + path.path().text() + "' : The ItemsPath field must "
                        + "select an array, but it selected: " + Json.write(value));
            }
            return array;
        }
        if (effectiveInput instanceof List<?> array) {
            return array;
        }
        if (map.jsonata()) {
            throw run.queryFailure(null, "Map state input must be an array but was: " + Json.write(effectiveInput));
        }
        throw run.runtimeFailure("Map state input must be an array but was: " + Json.write(effectiveInput));
    }

    /** An item's input: ItemSelector evaluated for it, or the item itself. */
    static Object itemInput(StateRun run, State.Map map, Map<String, Object> context, Object effectiveInput, int index,
            Object item) {
        if (map.config().itemSelector() == null) {
            return item;
        }
        return InputOutput.template(run, map.config().itemSelector(), StateRun.itemContext(context, index, item),
                effectiveInput);
    }

    /**
     * The limits a Map runs with.
     *
     * @param maxConcurrency MaxConcurrency, 0 for AWS's limit only
     * @param toleratedFailureCount ToleratedFailureCount, or null
     * @param toleratedFailurePercentage ToleratedFailurePercentage, or null
     */
    record RunLimits(int maxConcurrency, Long toleratedFailureCount, Double toleratedFailurePercentage) {

        /** Whether {@code failed} failures of {@code total} exceed the tolerance (by default, any failure does). */
        boolean exceeded(long failed, long total) {
            if (failed == 0) {
                return false;
            }
            if (toleratedFailureCount == null && toleratedFailurePercentage == null) {
                return true;
            }
            boolean overCount = toleratedFailureCount != null && failed > toleratedFailureCount;
            boolean overPercentage = toleratedFailurePercentage != null && failed * 100.0 / total > toleratedFailurePercentage;
            return overCount || overPercentage;
        }

        /** Threads to run {@code count} iterations on, under AWS's {@code cap} for this kind of Map. */
        int workers(int count, int cap) {
            return Math.max(1, Math.min(count, maxConcurrency == 0 ? cap : Math.min(cap, maxConcurrency)));
        }
    }

    /** MaxConcurrency, evaluated (as recorded from AWS, before MapStateStarted); 0 when absent. */
    static int maxConcurrency(StateRun run, MapConfig config, Map<String, Object> context, Object effectiveInput) {
        return config.maxConcurrency() == null ? 0 : (int) Math.min(Integer.MAX_VALUE,
                FieldValues.integer(run, config.maxConcurrency(), context, effectiveInput, 0,
                        "MaxConcurrency cannot be negative."));
    }

    /**
     * The limits with ToleratedFailureCount and ToleratedFailurePercentage evaluated (as recorded
     * from AWS, after MapStateStarted).
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html">Failure thresholds for Distributed Map</a>
     */
    static RunLimits limits(StateRun run, MapConfig config, Map<String, Object> context, Object effectiveInput,
            int maxConcurrency) {
        Long count = config.toleratedFailureCount() == null ? null : FieldValues.integer(run,
                config.toleratedFailureCount(), context, effectiveInput, 0, "ToleratedFailureCount cannot be negative.");
        Double percentage = config.toleratedFailurePercentage() == null ? null
                : FieldValues.percentage(run, config.toleratedFailurePercentage(), context, effectiveInput);
        return new RunLimits(maxConcurrency, count, percentage);
    }
}

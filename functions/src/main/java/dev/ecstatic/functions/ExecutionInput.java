package dev.ecstatic.functions;

import dev.ecstatic.functions.model.Settings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The validated execution input. Every field is optional (null = use the template default).
 * {@link #parse} is strict: anything it does not understand is an {@link InvalidInputException}
 * naming the field, because a typo such as "dryrun" must not silently start real updates.
 */
record ExecutionInput(List<String> clusters, Boolean dryRun, Integer maxUpdatesPerCluster, String replaceInstances) {
    static final Set<String> FIELDS = Set.of("clusters", "dryRun", "maxUpdatesPerCluster", "replaceInstances");
    /**
     * The most clusters an execution input may name. Each becomes one child execution of the
     * Distributed Map, and the Map's result (every cluster's record, about 200 bytes) must stay one
     * state payload (256 KiB): about 1,000 records. Without {@code clusters}, every cluster is visited.
     */
    static final int MAX_CLUSTERS = 1_000;

    ExecutionInput {
        clusters = clusters == null ? null : List.copyOf(clusters);
    }

    /** @param input what the runtime's serializer made of the JSON: Map, List, String, Number, Boolean or null */
    static ExecutionInput parse(Object input) {
        if (!(input instanceof Map<?, ?> map)) {
            throw new InvalidInputException("execution input must be a JSON object such as "
                    + "{\"clusters\": [\"prod-web\"], \"dryRun\": true}, got " + type(input));
        }
        for (Object key : map.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw new InvalidInputException("unknown field '" + key
                        + "' in the execution input: the known fields are clusters, dryRun, maxUpdatesPerCluster,"
                        + " replaceInstances");
            }
        }
        return new ExecutionInput(
                map.containsKey("clusters") ? clusters(map.get("clusters")) : null,
                map.containsKey("dryRun") ? dryRun(map.get("dryRun")) : null,
                map.containsKey("maxUpdatesPerCluster") ? maxUpdates(map.get("maxUpdatesPerCluster")) : null,
                map.containsKey("replaceInstances") ? replaceInstances(map.get("replaceInstances")) : null);
    }

    /**
     * The run's settings: the deployed ones with this input's values. {@code replaceInstances} may lower
     * the deployed ReplaceInstances (drifted, then unupdatable, then never), never raise it: whoever may
     * start an execution must not get more replaced than the stack's owner deployed (and its IAM allows).
     */
    Settings over(Settings deployed) {
        if (replaceInstances != null
                && Settings.replaceRank(replaceInstances) > Settings.replaceRank(deployed.replaceInstances())) {
            throw new InvalidInputException("replaceInstances '" + replaceInstances + "' is more than the deployed"
                    + " ReplaceInstances '" + deployed.replaceInstances() + "': the execution input may only lower it"
                    + " (never < unupdatable < drifted)");
        }
        return deployed.withOverrides(dryRun, maxUpdatesPerCluster, replaceInstances);
    }

    private static List<String> clusters(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidInputException("clusters must be a non-empty array of cluster names or ARNs, got "
                    + (value instanceof List<?> ? "an empty array" : type(value)));
        }
        List<String> bad = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String name) || name.isBlank()) {
                bad.add("clusters[" + i + "] is " + (list.get(i) instanceof String ? "blank" : type(list.get(i))));
            } else if (!seen.add(name)) {
                bad.add("clusters[" + i + "] '" + name + "' is listed twice");
            }
        }
        String tooMany = list.size() > MAX_CLUSTERS
                ? String.format(Locale.ROOT, "clusters holds at most %,d names, got %,d: name fewer, or leave clusters"
                        + " out to visit every cluster", MAX_CLUSTERS, list.size())
                : null;
        if (!bad.isEmpty()) {
            throw new InvalidInputException("clusters must hold non-empty, distinct strings (cluster names or ARNs): "
                    + InvalidInputException.firstFew(bad) + (tooMany == null ? "" : "; and " + tooMany));
        }
        if (tooMany != null) {
            throw new InvalidInputException(tooMany);
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static Boolean dryRun(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InvalidInputException("dryRun must be true or false, got " + type(value));
    }

    private static String replaceInstances(Object value) {
        if (value instanceof String mode && Settings.REPLACE_MODES.contains(mode)) {
            return mode;
        }
        throw new InvalidInputException("replaceInstances must be \"never\", \"unupdatable\" or \"drifted\", got "
                + (value instanceof String s ? "'" + InventoryBuilder.truncate(s, 40) + "'" : type(value)));
    }

    private static Integer maxUpdates(Object value) {
        BigDecimal number = switch (value) {
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            case Double d when !d.isNaN() && !d.isInfinite() -> BigDecimal.valueOf(d);
            case Float f when !f.isNaN() && !f.isInfinite() -> BigDecimal.valueOf(f);
            case null, default -> throw new InvalidInputException(
                    "maxUpdatesPerCluster must be a whole number from 1 to 100, got " + type(value));
        };
        if (number.stripTrailingZeros().scale() > 0) {
            throw new InvalidInputException("maxUpdatesPerCluster must be a whole number from 1 to 100, got " + number);
        }
        if (number.compareTo(BigDecimal.ONE) < 0 || number.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InvalidInputException("maxUpdatesPerCluster must be from 1 to 100, got " + number.toPlainString());
        }
        return number.intValueExact();
    }

    private static String type(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number (" + n + ")";
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            default -> value.getClass().getSimpleName();
        };
    }
}

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
record ExecutionInput(List<String> clusters, Boolean dryRun, Integer maxUpdatesPerCluster, String replaceInstances,
                      List<TargetInput> targets) {
    static final Set<String> FIELDS = Set.of("clusters", "dryRun", "maxUpdatesPerCluster", "replaceInstances",
            "targets");
    static final Set<String> TARGET_FIELDS = Set.of("account", "region", "clusters");
    /**
     * The most clusters an execution input may name, in {@code clusters} or in all of {@code targets}
     * together: a replay names a few; more than this is better left to a scheduled run, which visits
     * every cluster. (Each named cluster is described before the run starts, 100 a call.)
     */
    static final int MAX_CLUSTERS = 1_000;
    /** The most targets an execution input may name. */
    static final int MAX_TARGETS = 100;
    /** An AWS account id. */
    static final java.util.regex.Pattern ACCOUNT = java.util.regex.Pattern.compile("\\d{12}");
    /** A region name: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5... */
    static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /**
     * A target the execution input names: an account and a region, and optionally the clusters there to
     * visit (null: every cluster of the target, as a scheduled run would).
     */
    record TargetInput(String account, String region, List<String> clusters) {
        TargetInput {
            clusters = clusters == null ? null : List.copyOf(clusters);
        }
    }

    ExecutionInput {
        clusters = clusters == null ? null : List.copyOf(clusters);
        targets = targets == null ? null : List.copyOf(targets);
    }

    ExecutionInput(List<String> clusters, Boolean dryRun, Integer maxUpdatesPerCluster, String replaceInstances) {
        this(clusters, dryRun, maxUpdatesPerCluster, replaceInstances, null);
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
                        + " replaceInstances, targets");
            }
        }
        if (map.containsKey("clusters") && map.containsKey("targets")) {
            throw new InvalidInputException("give either clusters or targets, not both: name a target's clusters"
                    + " inside it, as {\"targets\": [{\"account\": \"…\", \"region\": \"…\", \"clusters\": [\"…\"]}]}");
        }
        return new ExecutionInput(
                map.containsKey("clusters") ? clusters(map.get("clusters"), "clusters") : null,
                map.containsKey("dryRun") ? dryRun(map.get("dryRun")) : null,
                map.containsKey("maxUpdatesPerCluster") ? maxUpdates(map.get("maxUpdatesPerCluster")) : null,
                map.containsKey("replaceInstances") ? replaceInstances(map.get("replaceInstances")) : null,
                map.containsKey("targets") ? targets(map.get("targets")) : null);
    }

    /**
     * {@code targets}: a non-empty array of {account, region, clusters?}, each target once. Whether the stack
     * covers them is List clusters' to check (it knows the Accounts and Regions).
     */
    private static List<TargetInput> targets(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidInputException("targets must be a non-empty array of {\"account\", \"region\","
                    + " \"clusters\"} objects, got " + (value instanceof List<?> ? "an empty array" : type(value)));
        }
        if (list.size() > MAX_TARGETS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "targets holds at most %d targets, got %,d",
                    MAX_TARGETS, list.size()));
        }
        List<TargetInput> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int named = 0;
        for (int i = 0; i < list.size(); i++) {
            String field = "targets[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> target)) {
                throw new InvalidInputException(field + " must be an object such as {\"account\": \"123456789012\","
                        + " \"region\": \"eu-west-1\"}, got " + type(list.get(i)));
            }
            for (Object key : target.keySet()) {
                if (!TARGET_FIELDS.contains(String.valueOf(key))) {
                    throw new InvalidInputException("unknown field '" + key + "' in " + field
                            + ": a target has account, region and clusters");
                }
            }
            String account = target.get("account") instanceof String a ? a : null;
            if (account == null || !ACCOUNT.matcher(account).matches()) {
                throw new InvalidInputException(field + ".account must be a 12-digit account id as a string, got "
                        + describe(target.get("account")));
            }
            String region = target.get("region") instanceof String r ? r : null;
            if (region == null || !REGION.matcher(region).matches()) {
                throw new InvalidInputException(field + ".region must be a region name such as eu-west-1, got "
                        + describe(target.get("region")));
            }
            if (!seen.add(account + "/" + region)) {
                throw new InvalidInputException(field + " names " + account + "/" + region + " again: name each target"
                        + " once, with all its clusters");
            }
            List<String> clusters = target.containsKey("clusters")
                    ? clusters(target.get("clusters"), field + ".clusters") : null;
            named += clusters == null ? 0 : clusters.size();
            targets.add(new TargetInput(account, region, clusters));
        }
        if (named > MAX_CLUSTERS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "targets name at most %,d clusters in all, got"
                    + " %,d: name fewer, or leave clusters out to visit every cluster of a target", MAX_CLUSTERS, named));
        }
        return targets;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + InventoryBuilder.truncate(s, 40) + "'" : type(value);
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

    private static List<String> clusters(Object value, String field) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidInputException(field + " must be a non-empty array of cluster names or ARNs, got "
                    + (value instanceof List<?> ? "an empty array" : type(value)));
        }
        List<String> bad = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String name) || name.isBlank()) {
                bad.add(field + "[" + i + "] is " + (list.get(i) instanceof String ? "blank" : type(list.get(i))));
            } else if (!seen.add(name)) {
                bad.add(field + "[" + i + "] '" + name + "' is listed twice");
            }
        }
        String tooMany = list.size() > MAX_CLUSTERS
                ? String.format(Locale.ROOT, "%s holds at most %,d names, got %,d: name fewer, or leave clusters"
                        + " out to visit every cluster", field, MAX_CLUSTERS, list.size())
                : null;
        if (!bad.isEmpty()) {
            throw new InvalidInputException(field + " must hold non-empty, distinct strings (cluster names or ARNs): "
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

package dev.ecstatic.functions.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster's container instances, summarised to a size that does not grow with the cluster:
 * counts, at most {@value #MAX_LISTED} example instances per class, at most {@value #MAX_LISTED}
 * candidates, at most {@value #MAX_KEYS} keys per histogram.
 */
public record Inventory(Cluster cluster, int total, Map<InstanceClass, Integer> counts,
                        Map<String, Integer> agentVersions, Map<String, Integer> platforms,
                        Map<InstanceClass, List<InstanceRef>> examples, List<InstanceRef> candidates, Drift drift,
                        List<String> missing) {
    public static final int MAX_LISTED = 20;
    public static final int MAX_KEYS = 30;

    public Inventory {
        Objects.requireNonNull(cluster, "cluster");
        Map<InstanceClass, Integer> allCounts = new EnumMap<>(InstanceClass.class);
        for (InstanceClass c : InstanceClass.values()) {
            Integer n = counts == null ? null : counts.get(c);
            allCounts.put(c, n == null ? 0 : n);
        }
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(allCounts));
        agentVersions = bounded(agentVersions, "agentVersions");
        platforms = bounded(platforms, "platforms");
        Map<InstanceClass, List<InstanceRef>> copy = new EnumMap<>(InstanceClass.class);
        if (examples != null) {
            examples.forEach((c, refs) -> copy.put(Objects.requireNonNull(c, "examples key"),
                    Lists.bounded(refs, MAX_LISTED, "examples." + c)));
        }
        examples = Collections.unmodifiableMap(new LinkedHashMap<>(copy));
        candidates = Lists.bounded(candidates, MAX_LISTED, "candidates");
        drift = drift == null ? Drift.NONE : drift;
        missing = Lists.bounded(missing, MAX_LISTED, "missing");
    }

    public int count(InstanceClass c) {
        return counts.get(c);
    }

    public List<InstanceRef> examples(InstanceClass c) {
        return examples.getOrDefault(c, List.of());
    }

    private static Map<String, Integer> bounded(Map<String, Integer> map, String field) {
        Map<String, Integer> copy = Lists.copy(map);
        if (copy.size() > MAX_KEYS) {
            throw new IllegalArgumentException(field + " holds at most " + MAX_KEYS + " keys, got " + copy.size());
        }
        return copy;
    }
}

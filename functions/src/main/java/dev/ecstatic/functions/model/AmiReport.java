package dev.ecstatic.functions.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * AMI drift of one cluster (issue 13, "See"), bounded whatever the cluster's size: counts of every
 * {@link AmiClass} (all five keys), the instances whose Docker is behind their platform's
 * recommended one, at most {@value #MAX_GROUPS} groups behind the recommended AMI, at most
 * {@value #MAX_EXAMPLES} examples per class (never AMI_CURRENT), at most {@value #MAX_REPLACEABLE}
 * replacement candidates in the order they should be replaced, at most {@value #MAX_WARNINGS}
 * warnings of at most {@value #MAX_WARNING_LENGTH} characters.
 */
public record AmiReport(Map<AmiClass, Integer> counts, int dockerBehind, List<GroupBehind> groupsBehind,
                        Map<AmiClass, List<AmiExample>> examples, List<ReplaceCandidate> replaceable,
                        List<String> warnings) {
    public static final int MAX_EXAMPLES = 5;
    public static final int MAX_GROUPS = 20;
    public static final int MAX_REPLACEABLE = 20;
    public static final int MAX_WARNINGS = 5;
    public static final int MAX_WARNING_LENGTH = 200;

    public AmiReport {
        Map<AmiClass, Integer> all = new EnumMap<>(AmiClass.class);
        for (AmiClass c : AmiClass.values()) {
            Integer n = counts == null ? null : counts.get(c);
            if (n != null && n < 0) {
                throw new IllegalArgumentException("counts." + c + " is " + n + ": a count is never negative");
            }
            all.put(c, n == null ? 0 : n);
        }
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(all));
        if (dockerBehind < 0) {
            throw new IllegalArgumentException("dockerBehind is " + dockerBehind + ": a count is never negative");
        }
        groupsBehind = Lists.bounded(groupsBehind, MAX_GROUPS, "groupsBehind");
        Map<AmiClass, List<AmiExample>> copy = new EnumMap<>(AmiClass.class);
        Lists.copy(examples).forEach((c, list) -> {
            if (c == AmiClass.AMI_CURRENT) {
                throw new IllegalArgumentException("examples.AMI_CURRENT: current instances are counted, not listed");
            }
            copy.put(c, Lists.bounded(list, MAX_EXAMPLES, "examples." + c));
        });
        examples = Collections.unmodifiableMap(new LinkedHashMap<>(copy));
        replaceable = Lists.bounded(replaceable, MAX_REPLACEABLE, "replaceable");
        warnings = Lists.bounded(warnings, MAX_WARNINGS, "warnings");
        for (String w : warnings) {
            if (w == null || w.length() > MAX_WARNING_LENGTH) {
                throw new IllegalArgumentException("warnings: each is 1–" + MAX_WARNING_LENGTH + " characters, got "
                        + (w == null ? "null" : w.length() + ""));
            }
        }
    }

    /**
     * Every instance AMI_UNKNOWN: what the report says when the reads failed (the warnings say why),
     * so that nothing is replaced on a guess.
     */
    public static AmiReport unknown(int instances, List<String> warnings) {
        return new AmiReport(Map.of(AmiClass.AMI_UNKNOWN, instances), 0, List.of(), Map.of(), List.of(), warnings);
    }

    public int count(AmiClass c) {
        return counts.get(c);
    }

    /**
     * One entry fewer, for an inventory over its size budget: the last example of the largest
     * example list, else the last group behind, else the last replacement candidate (the least
     * urgent); null when nothing is left to drop. Counts and warnings are kept.
     */
    public AmiReport shrunk() {
        List<AmiExample> largest = examples.values().stream().filter(l -> !l.isEmpty())
                .max(Comparator.comparingInt(List::size)).orElse(null);
        if (largest != null) {
            Map<AmiClass, List<AmiExample>> fewer = new LinkedHashMap<>();
            boolean dropped = false;
            for (var e : examples.entrySet()) {
                if (!dropped && e.getValue() == largest) {
                    dropped = true;
                    if (largest.size() > 1) {
                        fewer.put(e.getKey(), largest.subList(0, largest.size() - 1));
                    }
                } else {
                    fewer.put(e.getKey(), e.getValue());
                }
            }
            return new AmiReport(counts, dockerBehind, groupsBehind, fewer, replaceable, warnings);
        }
        if (!groupsBehind.isEmpty()) {
            return new AmiReport(counts, dockerBehind, groupsBehind.subList(0, groupsBehind.size() - 1), examples,
                    replaceable, warnings);
        }
        if (!replaceable.isEmpty()) {
            return new AmiReport(counts, dockerBehind, groupsBehind, examples,
                    new ArrayList<>(replaceable.subList(0, replaceable.size() - 1)), warnings);
        }
        return null;
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The instances of one class that are listed, empty when none. */
    public List<AmiExample> examples(AmiClass c) {
        return Objects.requireNonNullElse(examples.get(c), List.of());
    }
}

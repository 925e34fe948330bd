package dev.ecstatic.functions.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cluster's container instances, summarised to a size that does not grow with the cluster:
 * counts, at most {@value #MAX_LISTED} example instances per class, at most {@value #MAX_LISTED}
 * candidates, at most {@value #MAX_KEYS} keys per histogram.
 *
 * <p>For the memory (docs/memory.md), which must tell a problem it alerted from a new one although
 * the examples name at most {@value #MAX_LISTED} instances: {@code hashes} holds the set hash of every
 * instance of each non-empty class among {@link #HASHED}; {@code behindUnsupported} is the set of
 * UNSUPPORTED instances whose agent is older than the newest recommended one (null when none, or
 * when no recommended agent is known).
 *
 * <p>{@code amis} is the cluster's AMI drift (issue 13): null when it was not read (a listing
 * restricted to some instances, or a handler without the EC2 and Auto Scaling reads).
 */
public record Inventory(Cluster cluster, int total, Map<InstanceClass, Integer> counts,
                        Map<String, Integer> agentVersions, Map<String, Integer> platforms,
                        Map<InstanceClass, List<InstanceRef>> examples, List<InstanceRef> candidates, Drift drift,
                        List<String> missing, Map<InstanceClass, String> hashes, ProblemSet behindUnsupported,
                        AmiReport amis) {
    public static final int MAX_LISTED = 20;
    public static final int MAX_KEYS = 30;
    /** The classes whose full set is hashed: the problems the memory tracks by instance. */
    public static final Set<InstanceClass> HASHED =
            Set.of(InstanceClass.DISCONNECTED, InstanceClass.UPDATE_FAILED, InstanceClass.UPDATING);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");

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
        Map<InstanceClass, String> hashCopy = new EnumMap<>(InstanceClass.class);
        Lists.copy(hashes).forEach((c, hash) -> {
            if (!HASHED.contains(c)) {
                throw new IllegalArgumentException("hashes." + c + ": only DISCONNECTED, UPDATE_FAILED and UPDATING"
                        + " are hashed");
            }
            if (hash == null || !HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException("hashes." + c + " is '" + hash + "': 16 lowercase hex digits expected");
            }
            hashCopy.put(c, hash);
        });
        hashes = Collections.unmodifiableMap(new LinkedHashMap<>(hashCopy));
        if (behindUnsupported != null && behindUnsupported.kind() != NotificationKind.CANNOT_UPDATE) {
            throw new IllegalArgumentException("behindUnsupported.kind must be CANNOT_UPDATE, was "
                    + behindUnsupported.kind());
        }
    }

    /** An inventory without the memory's fields (no set hashes, no unsupported instances behind). */
    public Inventory(Cluster cluster, int total, Map<InstanceClass, Integer> counts, Map<String, Integer> agentVersions,
                     Map<String, Integer> platforms, Map<InstanceClass, List<InstanceRef>> examples,
                     List<InstanceRef> candidates, Drift drift, List<String> missing) {
        this(cluster, total, counts, agentVersions, platforms, examples, candidates, drift, missing, Map.of(), null,
                null);
    }

    /** An inventory without AMI drift ({@code amis} null: not read). */
    public Inventory(Cluster cluster, int total, Map<InstanceClass, Integer> counts, Map<String, Integer> agentVersions,
                     Map<String, Integer> platforms, Map<InstanceClass, List<InstanceRef>> examples,
                     List<InstanceRef> candidates, Drift drift, List<String> missing, Map<InstanceClass, String> hashes,
                     ProblemSet behindUnsupported) {
        this(cluster, total, counts, agentVersions, platforms, examples, candidates, drift, missing, hashes,
                behindUnsupported, null);
    }

    /** This inventory with another AMI report. */
    public Inventory withAmis(AmiReport report) {
        return new Inventory(cluster, total, counts, agentVersions, platforms, examples, candidates, drift, missing,
                hashes, behindUnsupported, report);
    }

    /** The set hash of every instance of {@code c}, when this inventory knows it. */
    public String hash(InstanceClass c) {
        return hashes.get(c);
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

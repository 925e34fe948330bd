package dev.ecstatic.functions.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The daily digest folded so far, passed by the state machine from one page of the memory table to
 * the next ("Fold into the digest"). Its size does not grow with the fleet: at most
 * {@value #MAX_KEYS} keys per histogram, {@value #MAX_LISTED} entries per list of clusters,
 * {@value #MAX_NAMED} names per list of names, every string cut short (under 16 KiB for any fleet).
 *
 * <p>{@code clusters} counts the clusters a run saw within the last 48 hours; each of them is in
 * {@code outcomes} once. A target's stand-in (cluster {@code (target)}: a target whose clusters could
 * not be listed) is no cluster: it is counted only as the open problem its error is. Older items ({@code stale}) are counted apart and nowhere else: a deleted
 * cluster's item lingers until DynamoDB's TTL removes it. {@code agentVersions} keeps the newest
 * versions and sums the oldest under {@value #OTHER}; {@code oldestProblems} the problems open
 * longest; {@code silencedClusters} the silences that end first; {@code cannotUpdateClusters} the
 * clusters with the most instances ecstatic cannot bring current.
 *
 * <p>The digest reads the whole memory table, every target's items: each listed cluster keeps its
 * {@code scope} ({@code <account>#<region>}, null when the item has none), and {@code targets} holds the
 * first {@value #MAX_TARGETS} distinct scopes in order, so that the message names the account and
 * region (the one target's, or each cluster's when there are several) whatever the paging.
 */
public record DigestSummary(int clusters, Map<String, Integer> outcomes, Map<String, Long> agentVersions,
                            int openProblems, List<OpenProblem> oldestProblems,
                            int silenced, List<Silence> silencedClusters,
                            long cannotUpdate, List<ClusterCount> cannotUpdateClusters,
                            int stale, List<Named> staleClusters,
                            int unreadable, List<Named> unreadableClusters, List<String> targets) {
    public static final int MAX_KEYS = 30;
    public static final int MAX_LISTED = 20;
    public static final int MAX_NAMED = 10;
    /** One more than the message names, so that it can tell "and more". */
    public static final int MAX_TARGETS = MAX_NAMED + 1;
    /** A scope is an account id, '#' and a region name: anything longer is cut to this. */
    public static final int SCOPE_CHARS = 40;
    /** The key under which {@code agentVersions} sums the versions it has no room for. */
    public static final String OTHER = "other";
    public static final DigestSummary EMPTY = new DigestSummary(0, Map.of(), Map.of(), 0, List.of(), 0, List.of(),
            0, List.of(), 0, List.of(), 0, List.of(), List.of());

    public DigestSummary {
        outcomes = keys(outcomes, "outcomes");
        agentVersions = keys(agentVersions, "agentVersions");
        oldestProblems = Lists.bounded(oldestProblems, MAX_LISTED, "oldestProblems");
        silencedClusters = Lists.bounded(silencedClusters, MAX_LISTED, "silencedClusters");
        cannotUpdateClusters = Lists.bounded(cannotUpdateClusters, MAX_LISTED, "cannotUpdateClusters");
        staleClusters = Lists.bounded(staleClusters, MAX_NAMED, "staleClusters");
        unreadableClusters = Lists.bounded(unreadableClusters, MAX_NAMED, "unreadableClusters");
        targets = Lists.bounded(targets, MAX_TARGETS, "targets");
        if (clusters < 0 || openProblems < 0 || silenced < 0 || cannotUpdate < 0 || stale < 0 || unreadable < 0) {
            throw new IllegalArgumentException("digest counts must not be negative");
        }
    }

    private static <V> Map<String, V> keys(Map<String, V> map, String field) {
        Map<String, V> copy = Lists.copy(map);
        if (copy.size() > MAX_KEYS) {
            throw new IllegalArgumentException(field + " holds at most " + MAX_KEYS + " keys, got " + copy.size());
        }
        copy.values().forEach(v -> Objects.requireNonNull(v, field + " value"));
        return copy;
    }

    private static void instant(String text, String field) {
        try {
            Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant, got '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        }
    }

    /**
     * A cluster's open problem: {@code kind} as the memory names it (AGENTS_DISCONNECTED, …), {@code since}
     * its first sighting (ISO-8601, null when the memory does not say), {@code count} the instances it
     * concerns, {@code runs} how many runs have seen it, {@code scope} its target.
     */
    public record OpenProblem(String cluster, String kind, String since, int count, int runs, String scope) {
        public OpenProblem {
            Objects.requireNonNull(cluster, "cluster");
            if (since != null) {
                instant(since, "oldestProblems.since");
            }
        }

        /** An open problem of a cluster whose target is not known. */
        public OpenProblem(String cluster, String kind, String since, int count, int runs) {
            this(cluster, kind, since, count, runs, null);
        }
    }

    /** A cluster whose alerts are silenced until {@code until} (ISO-8601). */
    public record Silence(String cluster, String until, String scope) {
        public Silence {
            Objects.requireNonNull(cluster, "cluster");
            instant(Objects.requireNonNull(until, "until"), "silencedClusters.until");
        }

        /** A silence of a cluster whose target is not known. */
        public Silence(String cluster, String until) {
            this(cluster, until, null);
        }
    }

    /** A cluster and how many of its instances ecstatic cannot bring current. */
    public record ClusterCount(String cluster, int count, String scope) {
        public ClusterCount {
            Objects.requireNonNull(cluster, "cluster");
        }

        /** The count of a cluster whose target is not known. */
        public ClusterCount(String cluster, int count) {
            this(cluster, count, null);
        }
    }

    /** A cluster by name and target ({@code scope}, null when not known): an entry of a list of names. */
    public record Named(String cluster, String scope) {
        public Named {
            Objects.requireNonNull(cluster, "cluster");
        }
    }
}

package dev.ecstatic.functions.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code rechecked} is true on the pass after the disconnect recheck wait. {@code recommended} is the
 * run's Recommended map (absent = none known): a dry run compares the first candidate with it.
 *
 * <p>From the memory (docs/memory.md): {@code now}, the instant the state was entered (ISO-8601), and
 * {@code underWay}, the memory's {@code updates}: EC2 instance id → the instant a run first saw its
 * agent update under way (absent or empty when nothing is remembered). Without {@code now} (a caller
 * from before the memory) no update can be judged stuck and the decision remembers nothing under way.
 * {@code openProblem} is the memory's open problem (absent when none), for the BlockedForHours metric.
 */
public record AssessHealthRequest(Inventory inventory, Settings settings, boolean rechecked,
                                  Map<String, RecommendedImage> recommended, String now, Map<String, String> underWay,
                                  Replacement replacing, List<String> noPath, Map<String, String> drainBackoff,
                                  Map<String, Memory.StoppedGroup> groupsStopped, OpenProblem openProblem) {
    public AssessHealthRequest {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(settings, "settings");
        recommended = Lists.copy(recommended);
        if (now != null) {
            instant("now", now);
        }
        underWay = Lists.copy(underWay);
        underWay.forEach((id, since) -> instant("underWay." + clip(id), since));
        noPath = Lists.copy(noPath);
        drainBackoff = Lists.copy(drainBackoff);
        drainBackoff.forEach((id, until) -> instant("drainBackoff." + clip(id), until));
        groupsStopped = Lists.copy(groupsStopped);
    }

    /** A request without the memory's open problem, as callers from before the dashboard send. */
    public AssessHealthRequest(Inventory inventory, Settings settings, boolean rechecked,
                               Map<String, RecommendedImage> recommended, String now, Map<String, String> underWay,
                               Replacement replacing, List<String> noPath, Map<String, String> drainBackoff,
                               Map<String, Memory.StoppedGroup> groupsStopped) {
        this(inventory, settings, rechecked, recommended, now, underWay, replacing, noPath, drainBackoff, groupsStopped,
                null);
    }

    /**
     * The memory's open problem ({@code memory.problem}: kind, set hash, first seen), for how long a cluster
     * blocked by the same problem has been blocked: the same kind and hash are the same problem, as
     * Conclude's alert rules tell it (docs/memory.md). It only feeds a metric, so a partial or unreadable
     * one (a field missing, a first sighting that is no instant) is taken as it comes and never fails the
     * request: {@link #unreadable()} says what is wrong, and Assess health then sends no BlockedForHours.
     * {@code kind} is the notification kind's name; one this code does not know is another problem.
     */
    public record OpenProblem(String kind, String hash, String firstSeen) {
        public OpenProblem(NotificationKind kind, String hash, String firstSeen) {
            this(kind == null ? null : kind.name(), hash, firstSeen);
        }

        /** What makes this open problem unusable, naming the field; null when it is whole and readable. */
        public String unreadable() {
            if (kind == null) {
                return "openProblem.kind is missing";
            }
            if (hash == null) {
                return "openProblem.hash is missing";
            }
            try {
                instant("openProblem.firstSeen", firstSeen);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }

        /**
         * Since when {@code problem} has been open: the first sighting if it is this problem, else {@code now}.
         * Only for a readable open problem ({@link #unreadable()} null): otherwise an IllegalArgumentException.
         */
        public Instant since(ProblemSet problem, Instant now) {
            String wrong = unreadable();
            if (wrong != null) {
                throw new IllegalArgumentException(wrong);
            }
            return problem != null && problem.kind().name().equals(kind) && problem.hash().equals(hash)
                    ? instant("openProblem.firstSeen", firstSeen) : now;
        }
    }

    /** A request without the replacement path's fields. */
    public AssessHealthRequest(Inventory inventory, Settings settings, boolean rechecked,
                               Map<String, RecommendedImage> recommended, String now, Map<String, String> underWay) {
        this(inventory, settings, rechecked, recommended, now, underWay, null, List.of(), Map.of(), Map.of(), null);
    }

    /** A request without the memory's fields, as callers from before the memory send. */
    public AssessHealthRequest(Inventory inventory, Settings settings, boolean rechecked,
                               Map<String, RecommendedImage> recommended) {
        this(inventory, settings, rechecked, recommended, null, Map.of());
    }

    /** {@code now} as an instant, or null when the caller sent none. */
    public Instant nowInstant() {
        return now == null ? null : instant("now", now);
    }

    /** {@code underWay} with its times as instants, in the request's order. */
    public Map<String, Instant> underWaySince() {
        Map<String, Instant> since = new LinkedHashMap<>();
        underWay.forEach((id, time) -> since.put(id, instant("underWay." + clip(id), time)));
        return Collections.unmodifiableMap(since);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null: an ISO-8601 instant (e.g. 2026-01-05T09:00:00Z)"
                    + " was expected");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is '" + clip(value) + "': an ISO-8601 instant"
                    + " (e.g. 2026-01-05T09:00:00Z) was expected");
        }
    }

    private static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }
}

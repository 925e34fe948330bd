package dev.ecstatic.functions.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What ecstatic remembers of one cluster between runs: the {@code memory} attribute of its item in
 * the memory table (docs/memory.md). Times are ISO-8601 instants. Conclude reads the one the branch's
 * lease returned and answers the one "Remember" writes.
 *
 * @param problem the open problem (AGENTS_DISCONNECTED, UPDATE_FAILED, UPDATE_STUCK; ERROR only in a memory
 *                written before the error slot), or null
 * @param updates each instance seen with an agent update under way (at most {@value Inventory#MAX_LISTED}),
 *                mapped to when a run first saw it so, or started it
 * @param cannotUpdate instances ecstatic cannot update whose agent is behind, or null
 * @param lastOutcome the last run's outcome in this cluster, null before the first
 * @param runs how many runs concluded in this cluster
 * @param agents the cluster's agent versions at its last inventory (version → instances, at most
 *               {@value Inventory#MAX_KEYS} keys), for the daily digest
 * @param silencedUntil the cluster's {@code ecstatic:silence-until} when the run saw one, for the digest
 * @param error the open error (kind ERROR), or null: apart from {@code problem}, so that a run that
 *              fails (a throttled List instances) neither clears nor replaces an open problem
 * @param drainBackoff instances whose drain timed out (EC2 id → the instant before which none is drained
 *                     again; at most {@value Inventory#MAX_LISTED}); expired entries are dropped
 * @param groupsStopped Auto Scaling groups in which ecstatic replaces nothing: a replacement came back with
 *                      an AMI other than the one expected (at most {@value Inventory#MAX_LISTED})
 */
public record Memory(int version, Problem problem, Map<String, String> updates, CannotUpdate cannotUpdate,
                     Outcome lastOutcome, String lastRunTime, int runs, Map<String, Integer> agents,
                     String silencedUntil, Problem error, Map<String, String> drainBackoff,
                     Map<String, StoppedGroup> groupsStopped) {
    public static final int VERSION = 1;
    /** Longest {@code problem.detail} kept. */
    public static final int MAX_DETAIL = 200;

    public Memory {
        if (version != VERSION) {
            throw new IllegalArgumentException("memory.version must be " + VERSION + ", was " + version);
        }
        updates = Lists.copy(updates);
        if (updates.size() > Inventory.MAX_LISTED) {
            throw new IllegalArgumentException("memory.updates holds at most " + Inventory.MAX_LISTED + " entries, got "
                    + updates.size());
        }
        updates.forEach((id, seen) -> instant(seen, "memory.updates." + id));
        if (lastRunTime != null) {
            instant(lastRunTime, "memory.lastRunTime");
        }
        if (runs < 0) {
            throw new IllegalArgumentException("memory.runs must not be negative, was " + runs);
        }
        agents = Lists.copy(agents);
        if (agents.size() > Inventory.MAX_KEYS) {
            throw new IllegalArgumentException("memory.agents holds at most " + Inventory.MAX_KEYS + " keys, got "
                    + agents.size());
        }
        if (silencedUntil != null) {
            instant(silencedUntil, "memory.silencedUntil");
        }
        if (error != null && error.kind() != NotificationKind.ERROR) {
            throw new IllegalArgumentException("memory.error.kind must be ERROR, was " + error.kind());
        }
        drainBackoff = Lists.copy(drainBackoff);
        if (drainBackoff.size() > Inventory.MAX_LISTED) {
            throw new IllegalArgumentException("memory.drainBackoff holds at most " + Inventory.MAX_LISTED
                    + " entries, got " + drainBackoff.size());
        }
        drainBackoff.forEach((id, until) -> instant(until, "memory.drainBackoff." + id));
        groupsStopped = Lists.copy(groupsStopped);
        if (groupsStopped.size() > Inventory.MAX_LISTED) {
            throw new IllegalArgumentException("memory.groupsStopped holds at most " + Inventory.MAX_LISTED
                    + " entries, got " + groupsStopped.size());
        }
    }

    /** A memory without the replacement path's fields. */
    public Memory(int version, Problem problem, Map<String, String> updates, CannotUpdate cannotUpdate,
                  Outcome lastOutcome, String lastRunTime, int runs, Map<String, Integer> agents,
                  String silencedUntil, Problem error) {
        this(version, problem, updates, cannotUpdate, lastOutcome, lastRunTime, runs, agents, silencedUntil, error,
                Map.of(), Map.of());
    }

    /**
     * A group in which a replacement came back with {@code gotAmi} where {@code expectedAmi} was expected
     * (the launch template changed under the replacement, a {@code resolve:ssm:} parameter moved, or a
     * mixed instances policy launches otherwise than ecstatic read it). It stays stopped while the AMI
     * ecstatic reads for the group is either of the two: someone changing the template to a third is the
     * sign that it was looked at.
     */
    public record StoppedGroup(String since, String expectedAmi, String gotAmi) {
        public StoppedGroup {
            instant(since, "memory.groupsStopped.since");
        }
    }

    /** A memory without an open error. */
    public Memory(int version, Problem problem, Map<String, String> updates, CannotUpdate cannotUpdate,
                  Outcome lastOutcome, String lastRunTime, int runs, Map<String, Integer> agents, String silencedUntil) {
        this(version, problem, updates, cannotUpdate, lastOutcome, lastRunTime, runs, agents, silencedUntil, null);
    }

    /** A memory without the digest's fields (agents, silence). */
    public Memory(int version, Problem problem, Map<String, String> updates, CannotUpdate cannotUpdate,
                  Outcome lastOutcome, String lastRunTime, int runs) {
        this(version, problem, updates, cannotUpdate, lastOutcome, lastRunTime, runs, Map.of(), null, null);
    }

    /** The memory of a cluster no run has concluded in. */
    public static Memory empty() {
        return new Memory(VERSION, null, Map.of(), null, null, null, 0);
    }

    /**
     * The open problem (kind AGENTS_DISCONNECTED, UPDATE_FAILED, UPDATE_STUCK or ERROR) as first seen and
     * last alerted; the problem has changed when kind or hash differs. {@code lastAlerted} is null until a
     * delivery is confirmed.
     */
    public record Problem(NotificationKind kind, int count, String hash, List<String> instances, String detail,
                          String firstSeen, int runs, Alerted lastAlerted) {
        public Problem {
            Objects.requireNonNull(kind, "memory.problem.kind");
            Objects.requireNonNull(hash, "memory.problem.hash");
            if (kind != NotificationKind.AGENTS_DISCONNECTED && kind != NotificationKind.UPDATE_FAILED
                    && kind != NotificationKind.UPDATE_STUCK && kind != NotificationKind.ERROR) {
                throw new IllegalArgumentException("memory.problem.kind must be AGENTS_DISCONNECTED, UPDATE_FAILED, "
                        + "UPDATE_STUCK or ERROR, was " + kind);
            }
            if (count < 0 || runs < 1) {
                throw new IllegalArgumentException("memory.problem needs count >= 0 and runs >= 1, was " + count
                        + " and " + runs);
            }
            instances = Lists.bounded(instances, Inventory.MAX_LISTED, "memory.problem.instances");
            if (detail != null && detail.length() > MAX_DETAIL) {
                throw new IllegalArgumentException("memory.problem.detail holds at most " + MAX_DETAIL
                        + " characters, got " + detail.length());
            }
            instant(firstSeen, "memory.problem.firstSeen");
        }

        /** Whether a delivery to the webhook was ever confirmed. */
        public boolean delivered() {
            return delivered(NotificationTarget.WEBHOOK);
        }

        /** Whether a delivery to {@code target} was confirmed, and not since followed by its RESOLVED. */
        public boolean delivered(NotificationTarget target) {
            return lastAlerted != null && lastAlerted.at(target) != null;
        }

        /** The same problem with {@code target}'s last delivery set to {@code at} (null: none), the others kept. */
        public Problem alerted(NotificationTarget target, String at) {
            Alerted was = lastAlerted == null ? Alerted.NONE : lastAlerted;
            Alerted now = was.with(target, at);
            return new Problem(kind, count, hash, instances, detail, firstSeen, runs, now.isEmpty() ? null : now);
        }
    }

    /**
     * The last confirmed delivery per notification target, an ISO-8601 instant or null (never, or its
     * RESOLVED was delivered since). {@code webhook} is also set when no webhook is configured (the
     * message was logged); {@code sns} and {@code events} only by a delivery: a memory written before
     * they existed reads them as null.
     */
    public record Alerted(String webhook, String sns, String events) {
        static final Alerted NONE = new Alerted(null, null, null);

        public Alerted {
            if (webhook != null) {
                instant(webhook, "memory.problem.lastAlerted.webhook");
            }
            if (sns != null) {
                instant(sns, "memory.problem.lastAlerted.sns");
            }
            if (events != null) {
                instant(events, "memory.problem.lastAlerted.events");
            }
        }

        /** Delivered to the webhook only (a memory of the version before SNS and EventBridge). */
        public Alerted(String webhook) {
            this(webhook, null, null);
        }

        public String at(NotificationTarget target) {
            return switch (target) {
                case WEBHOOK -> webhook;
                case SNS -> sns;
                case EVENTS -> events;
            };
        }

        public Alerted with(NotificationTarget target, String at) {
            return switch (target) {
                case WEBHOOK -> new Alerted(at, sns, events);
                case SNS -> new Alerted(webhook, at, events);
                case EVENTS -> new Alerted(webhook, sns, at);
            };
        }

        boolean isEmpty() {
            return webhook == null && sns == null && events == null;
        }
    }

    /**
     * Instances ecstatic cannot update whose agent is behind the recommended one; {@code alertedCount} is
     * the count last said in a CANNOT_UPDATE message delivered to the webhook (0: none yet), and
     * {@code snsAlertedCount} and {@code eventsAlertedCount} the same for the SNS topic and the EventBridge bus
     * (absent in a memory written before them: 0). {@code noPath} (at most
     * {@value Inventory#MAX_LISTED}, sorted; absent = none) are the members UpdateOneAgent found without an
     * update path when a run last walked the candidates: only such a run sees them, so a run that did not
     * walk them (blocked, in progress, outside the window, a dry run, an update started first) keeps them.
     */
    public record CannotUpdate(NotificationKind kind, int count, String hash, List<String> instances, String firstSeen,
                               int alertedCount, List<String> noPath, int snsAlertedCount, int eventsAlertedCount) {
        public CannotUpdate {
            if (kind != NotificationKind.CANNOT_UPDATE) {
                throw new IllegalArgumentException("memory.cannotUpdate.kind must be CANNOT_UPDATE, was " + kind);
            }
            Objects.requireNonNull(hash, "memory.cannotUpdate.hash");
            if (count < 0 || alertedCount < 0 || snsAlertedCount < 0 || eventsAlertedCount < 0) {
                throw new IllegalArgumentException("memory.cannotUpdate counts must not be negative");
            }
            instances = Lists.bounded(instances, Inventory.MAX_LISTED, "memory.cannotUpdate.instances");
            instant(firstSeen, "memory.cannotUpdate.firstSeen");
            noPath = Lists.bounded(noPath, Inventory.MAX_LISTED, "memory.cannotUpdate.noPath");
        }

        /** Said to the webhook only (a memory of the version before SNS and EventBridge). */
        public CannotUpdate(NotificationKind kind, int count, String hash, List<String> instances, String firstSeen,
                            int alertedCount, List<String> noPath) {
            this(kind, count, hash, instances, firstSeen, alertedCount, noPath, 0, 0);
        }

        /** A set without members found without an update path (only unsupported ones). */
        public CannotUpdate(NotificationKind kind, int count, String hash, List<String> instances, String firstSeen,
                            int alertedCount) {
            this(kind, count, hash, instances, firstSeen, alertedCount, List.of());
        }

        /** The count last said to {@code target}. */
        public int alertedCount(NotificationTarget target) {
            return switch (target) {
                case WEBHOOK -> alertedCount;
                case SNS -> snsAlertedCount;
                case EVENTS -> eventsAlertedCount;
            };
        }

        /** The same set with {@code target}'s count said set to {@code said}, the others kept. */
        public CannotUpdate said(NotificationTarget target, int said) {
            return new CannotUpdate(kind, count, hash, instances, firstSeen,
                    target == NotificationTarget.WEBHOOK ? said : alertedCount, noPath,
                    target == NotificationTarget.SNS ? said : snsAlertedCount,
                    target == NotificationTarget.EVENTS ? said : eventsAlertedCount);
        }
    }

    static Instant instant(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing: an ISO-8601 instant such as 2026-01-05T09:00:00Z");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant such as 2026-01-05T09:00:00Z: '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
    }
}

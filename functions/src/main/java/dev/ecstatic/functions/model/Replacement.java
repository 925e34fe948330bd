package dev.ecstatic.functions.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One instance being replaced: drained, then terminated through its Auto Scaling group, which launches
 * its successor. The state machine creates it before DRAIN (with the deadlines), stores it in the memory
 * table, and passes it to every step; DRAIN sets {@code groupMark} and {@code activityMark}, TERMINATE
 * {@code phase} TERMINATING and {@code terminatedAt}. Instants are ISO-8601 strings, as on the wire.
 *
 * @param groupMark    a fingerprint of the group's launch template or mixed instances policy and sizes
 *                     at DRAIN: TERMINATE refuses if it changed (the successor would not be what was
 *                     checked)
 * @param activityMark the StartTime of the group's newest scaling activity at DRAIN, or null
 */
public record Replacement(String ec2InstanceId, String containerInstanceId, String group, String ami,
                          String expectedAmi, String agentVersion, String platform, String instanceType,
                          String reason, Phase phase, String startedAt, String drainDeadline, String deadline,
                          String groupMark, String activityMark, String terminatedAt, String executionId) {
    public static final int MAX_REASON = 200;

    /** Where the replacement stands: draining (can still be undone) or terminating (cannot). */
    public enum Phase { DRAINING, TERMINATING }

    public Replacement {
        Objects.requireNonNull(ec2InstanceId, "replacement.ec2InstanceId");
        Objects.requireNonNull(containerInstanceId, "replacement.containerInstanceId");
        Objects.requireNonNull(group, "replacement.group");
        Objects.requireNonNull(expectedAmi, "replacement.expectedAmi");
        Objects.requireNonNull(phase, "replacement.phase");
        if (reason != null && reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("replacement.reason holds at most " + MAX_REASON + " characters, got "
                    + reason.length());
        }
        instant(startedAt, "startedAt");
        instant(drainDeadline, "drainDeadline");
        instant(deadline, "deadline");
        instant(activityMark, "activityMark");
        instant(terminatedAt, "terminatedAt");
    }

    /** The instant an optional field holds, or null. */
    public static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant such as 2026-01-05T09:00:00Z: '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
    }

    /** This replacement as DRAIN leaves it: still DRAINING, with the group's marks. */
    public Replacement drained(String groupMark, String activityMark) {
        return new Replacement(ec2InstanceId, containerInstanceId, group, ami, expectedAmi, agentVersion, platform,
                instanceType, reason, Phase.DRAINING, startedAt, drainDeadline, deadline, groupMark, activityMark,
                terminatedAt, executionId);
    }

    /** This replacement as TERMINATE leaves it: TERMINATING since {@code at}. */
    public Replacement terminating(String at) {
        return new Replacement(ec2InstanceId, containerInstanceId, group, ami, expectedAmi, agentVersion, platform,
                instanceType, reason, Phase.TERMINATING, startedAt, drainDeadline, deadline, groupMark, activityMark,
                at, executionId);
    }
}

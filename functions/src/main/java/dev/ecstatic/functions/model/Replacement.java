package dev.ecstatic.functions.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A replacement under way in one cluster: the {@code replacement} attribute of its memory item
 * (docs/replacement.md), written before the drain and after the termination, so that every later run
 * and replay sees it until the new instance is ACTIVE or the deadline passes. {@code phase} DRAINING:
 * the container instance may be draining (a run that finds this from an execution that ended sets it
 * ACTIVE again); TERMINATING: it was terminated through its group, whose replacement is awaited.
 */
public record Replacement(String ec2InstanceId, String containerInstanceId, String group, String ami,
                          String expectedAmi, String agentVersion, String platform, String instanceType, String reason,
                          String phase, String startedAt, String drainDeadline, String deadline, String groupMark,
                          String activityMark, String terminatedAt, String executionId) {
    public static final String DRAINING = "DRAINING";
    public static final String TERMINATING = "TERMINATING";

    public Replacement {
        Objects.requireNonNull(ec2InstanceId, "replacement.ec2InstanceId");
        Objects.requireNonNull(containerInstanceId, "replacement.containerInstanceId");
        Objects.requireNonNull(group, "replacement.group");
        if (!DRAINING.equals(phase) && !TERMINATING.equals(phase)) {
            throw new IllegalArgumentException("replacement.phase must be DRAINING or TERMINATING, was " + phase);
        }
        Memory.instant(startedAt, "replacement.startedAt");
        Memory.instant(drainDeadline, "replacement.drainDeadline");
        Memory.instant(deadline, "replacement.deadline");
        if (terminatedAt != null) {
            Memory.instant(terminatedAt, "replacement.terminatedAt");
        }
        if (TERMINATING.equals(phase) && terminatedAt == null) {
            throw new IllegalArgumentException("replacement.terminatedAt is missing: a TERMINATING replacement has one");
        }
    }

    public Instant deadlineInstant() {
        return Instant.parse(deadline);
    }
}

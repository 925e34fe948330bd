package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * One step of a replacement (contract §3). {@code now} is the state machine's time of the step (for
 * the record: the handler decides with its own clock); {@code notAfter} the run's hard stop: at or after
 * it the handler makes no write call (PAST_HARD_STOP). Absent notAfter = no limit.
 */
public record ReplaceInstanceRequest(ReplaceStep step, Cluster cluster, Replacement replacement, String now,
                                     String notAfter) {
    public ReplaceInstanceRequest {
        Objects.requireNonNull(step, "step (one of DRAIN, CHECK_DRAIN, UNDRAIN, TERMINATE, CHECK_REPLACEMENT)");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(replacement, "replacement");
        Replacement.instant(now, "now");
        Replacement.instant(notAfter, "notAfter");
    }
}

package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * One step of a replacement (contract §3). {@code now} is the state machine's time of the step (for
 * the record: the handler decides with its own clock); {@code notAfter} the run's hard stop: at or after
 * it the handler starts nothing (PAST_HARD_STOP). Absent notAfter = no limit. {@code cause}: why an
 * UNDRAIN is asked for (DRAIN_TIMEOUT, EXECUTION_ENDED, FAILURE), echoed in the answer; {@code executionId}
 * and {@code retryCount} are the state machine's, for the log.
 */
public record ReplaceInstanceRequest(ReplaceStep step, Cluster cluster, Replacement replacement, String now,
                                     String notAfter, String cause, String executionId, int retryCount) {
    /** A request without cause and execution. */
    public ReplaceInstanceRequest(ReplaceStep step, Cluster cluster, Replacement replacement, String now,
                                  String notAfter) {
        this(step, cluster, replacement, now, notAfter, null, null, 0);
    }

    public ReplaceInstanceRequest {
        if (cause != null && !java.util.Set.of(ReplaceInstanceResponse.DRAIN_TIMEOUT,
                ReplaceInstanceResponse.EXECUTION_ENDED, ReplaceInstanceResponse.FAILURE).contains(cause)) {
            throw new IllegalArgumentException("cause is '" + (cause.length() > 40 ? cause.substring(0, 40) + "…" : cause)
                    + "': DRAIN_TIMEOUT, EXECUTION_ENDED or FAILURE expected");
        }
        Objects.requireNonNull(step, "step (one of DRAIN, CHECK_DRAIN, UNDRAIN, TERMINATE, CHECK_REPLACEMENT)");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(replacement, "replacement");
        Replacement.instant(now, "now");
        Replacement.instant(notAfter, "notAfter");
    }
}

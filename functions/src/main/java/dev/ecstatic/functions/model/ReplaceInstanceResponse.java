package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * What one ReplaceInstance step answers; {@code replacement} is the record as it now stands; {@code cause}
 * echoes the request's (why the state machine undoes a drain: DRAIN_TIMEOUT, EXECUTION_ENDED, FAILURE).
 */
public record ReplaceInstanceResponse(ReplaceStep step, ReplaceOutcome outcome, String reason, Replacement replacement,
                                      NewInstance newInstance, int tasksLeft, String cause, Announcement announce) {
    public static final String DRAIN_TIMEOUT = "DRAIN_TIMEOUT";
    public static final String EXECUTION_ENDED = "EXECUTION_ENDED";
    public static final String FAILURE = "FAILURE";

    /** What the state machine's "Announce the replacement" posts for this step, or null: nothing to say. */
    public record Announcement(NotificationKind kind, String details) {
    }

    public ReplaceInstanceResponse {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
    }
}

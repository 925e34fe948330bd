package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * What a step did. {@code reason} (at most {@value #MAX_REASON} characters) starts with a code for
 * REFUSED; {@code replacement} is the replacement as updated by the step (the state machine stores it);
 * {@code newInstance} is set exactly for REPLACED and UNEXPECTED_AMI; {@code tasksLeft} counts the
 * tasks still on the instance (CHECK_DRAIN, and UNDRAIN: what kept the drain; 0 otherwise). {@code cause}
 * echoes the request's (why the state machine undoes a drain: {@value #DRAIN_TIMEOUT}, {@value #EXECUTION_ENDED}, {@value #FAILURE});
 * {@code announce} is what "Announce the replacement" posts for this step, or null (docs/replacement.md).
 */
public record ReplaceInstanceResponse(ReplaceStep step, ReplaceOutcome outcome, String reason,
                                      Replacement replacement, NewInstance newInstance, int tasksLeft, String cause,
                                      Announcement announce) {
    public static final int MAX_REASON = 200;
    public static final String DRAIN_TIMEOUT = "DRAIN_TIMEOUT";
    public static final String EXECUTION_ENDED = "EXECUTION_ENDED";
    public static final String FAILURE = "FAILURE";

    /** A message for the webhook: its kind and text. */
    public record Announcement(NotificationKind kind, String details) {
        public Announcement {
            Objects.requireNonNull(kind, "announce.kind");
            Objects.requireNonNull(details, "announce.details");
        }
    }

    /** An answer without cause or announcement. */
    public ReplaceInstanceResponse(ReplaceStep step, ReplaceOutcome outcome, String reason, Replacement replacement,
                                   NewInstance newInstance, int tasksLeft) {
        this(step, outcome, reason, replacement, newInstance, tasksLeft, null, null);
    }

    /** The same answer with the request's cause and what is to be announced of it. */
    public ReplaceInstanceResponse with(String cause, java.util.function.Function<ReplaceInstanceResponse, Announcement> say) {
        ReplaceInstanceResponse withCause = new ReplaceInstanceResponse(step, outcome, reason, replacement, newInstance,
                tasksLeft, cause, null);
        return new ReplaceInstanceResponse(step, outcome, reason, replacement, newInstance, tasksLeft, cause,
                say.apply(withCause));
    }

    public ReplaceInstanceResponse {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(replacement, "replacement");
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 1) + "…";
        }
        boolean found = outcome == ReplaceOutcome.REPLACED || outcome == ReplaceOutcome.UNEXPECTED_AMI;
        if ((newInstance != null) != found) {
            throw new IllegalArgumentException("newInstance is set exactly when the outcome is REPLACED or UNEXPECTED_AMI");
        }
        if (tasksLeft < 0) {
            throw new IllegalArgumentException("tasksLeft must not be negative, was " + tasksLeft);
        }
    }
}

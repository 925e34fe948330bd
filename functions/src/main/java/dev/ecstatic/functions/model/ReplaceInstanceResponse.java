package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * What a step did. {@code reason} (at most {@value #MAX_REASON} characters) starts with a code for
 * REFUSED; {@code replacement} is the replacement as updated by the step (the state machine stores it);
 * {@code newInstance} is set exactly for REPLACED and UNEXPECTED_AMI; {@code tasksLeft} counts the
 * tasks still on the instance (CHECK_DRAIN; 0 otherwise).
 */
public record ReplaceInstanceResponse(ReplaceStep step, ReplaceOutcome outcome, String reason,
                                      Replacement replacement, NewInstance newInstance, int tasksLeft) {
    public static final int MAX_REASON = 200;

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

package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code instance} and {@code fromVersion} are set exactly for STARTED and UNCONFIRMED: the instance
 * concerned and its agent version. {@code note} (optional, at most {@value #MAX_NOTE} characters)
 * says how an outcome was established when it was not simply ECS accepting the call, e.g. an update
 * found under way after a lost response.
 */
public record UpdateOneAgentResponse(UpdateOutcome outcome, InstanceRef instance, String fromVersion,
                                     List<Finding> findings, int attempted, int skipped, String note) {
    public static final int MAX_NOTE = 120;

    public UpdateOneAgentResponse {
        Objects.requireNonNull(outcome, "outcome");
        boolean concernsAnInstance = outcome == UpdateOutcome.STARTED || outcome == UpdateOutcome.UNCONFIRMED;
        if ((instance != null) != concernsAnInstance) {
            throw new IllegalArgumentException("instance is set exactly when the outcome is STARTED or UNCONFIRMED");
        }
        findings = Lists.bounded(findings, Inventory.MAX_LISTED, "findings");
        if (note != null && note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note holds at most " + MAX_NOTE + " characters, got " + note.length());
        }
    }
}

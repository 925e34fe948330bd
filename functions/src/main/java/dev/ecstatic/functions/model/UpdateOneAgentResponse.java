package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Objects;

/** {@code instance} and {@code fromVersion} are set only for STARTED. */
public record UpdateOneAgentResponse(UpdateOutcome outcome, InstanceRef instance, String fromVersion,
                                     List<Finding> findings, int attempted, int skipped) {
    public UpdateOneAgentResponse {
        Objects.requireNonNull(outcome, "outcome");
        if ((instance != null) != (outcome == UpdateOutcome.STARTED)) {
            throw new IllegalArgumentException("instance is set exactly when the outcome is STARTED");
        }
        findings = Lists.bounded(findings, Inventory.MAX_LISTED, "findings");
    }
}

package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Objects;

/**
 * The health decision for one cluster. {@code alert} is set only for BLOCKED; {@code instances} are
 * the offending (BLOCKED, RECHECK), updating (IN_PROGRESS) or dry-run (WOULD_UPDATE: the first
 * candidate; UNDECIDED: up to 3 candidates) instances; {@code candidates} only for UPDATE.
 */
public record Decision(DecisionKind decision, String reason, NotificationKind alert, List<InstanceRef> instances,
                       List<InstanceRef> candidates) {
    public Decision {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        if ((alert != null) != (decision == DecisionKind.BLOCKED)) {
            throw new IllegalArgumentException("alert is set exactly when the decision is BLOCKED");
        }
        if (alert != null && alert != NotificationKind.AGENTS_DISCONNECTED && alert != NotificationKind.UPDATE_FAILED) {
            throw new IllegalArgumentException("alert must be AGENTS_DISCONNECTED or UPDATE_FAILED, was " + alert);
        }
        instances = Lists.bounded(instances, Inventory.MAX_LISTED, "instances");
        candidates = Lists.bounded(candidates, Inventory.MAX_LISTED, "candidates");
    }
}

package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The health decision for one cluster. {@code alert} is set only for BLOCKED; {@code instances} are
 * the offending (BLOCKED, RECHECK), updating (IN_PROGRESS) or dry-run (WOULD_UPDATE: the first
 * candidate; UNDECIDED: up to 3 candidates) instances; {@code candidates} only for UPDATE.
 *
 * <p>For the memory (docs/memory.md): {@code problem} is the BLOCKED problem's set (its kind is
 * {@code alert}); {@code underWay} maps each instance seen with an agent update under way (at most
 * {@value Inventory#MAX_LISTED}) to when an earlier run, or this one, first saw it so;
 * {@code cannotUpdate} is the set of instances ecstatic cannot update (unsupported) whose agent is
 * behind the recommended one, or null when there is none.
 *
 * <p>For the replacement path (docs/replacement.md): {@code replace} is the instance to replace (REPLACE)
 * or a real run would replace (WOULD_REPLACE), null otherwise. A cluster blocked only by a failed or
 * stuck update on one instance may replace that instance: its REPLACE keeps the BLOCKED problem and
 * alert, which stay open until the instance is gone.
 */
public record Decision(DecisionKind decision, String reason, NotificationKind alert, List<InstanceRef> instances,
                       List<InstanceRef> candidates, ProblemSet problem, Map<String, String> underWay,
                       ProblemSet cannotUpdate, ReplaceCandidate replace) {
    public Decision {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        boolean replacing = decision == DecisionKind.REPLACE || decision == DecisionKind.WOULD_REPLACE;
        if (decision == DecisionKind.BLOCKED ? alert == null : alert != null && !replacing) {
            throw new IllegalArgumentException("alert is set when the decision is BLOCKED (or REPLACE or WOULD_REPLACE"
                    + " of the instance that blocks it), and only then");
        }
        if ((replace != null) != replacing) {
            throw new IllegalArgumentException("replace is set exactly when the decision is REPLACE or WOULD_REPLACE");
        }
        if (alert != null && alert != NotificationKind.AGENTS_DISCONNECTED && alert != NotificationKind.UPDATE_FAILED
                && alert != NotificationKind.UPDATE_STUCK) {
            throw new IllegalArgumentException("alert must be AGENTS_DISCONNECTED, UPDATE_FAILED or UPDATE_STUCK, was "
                    + alert);
        }
        if (problem != null && problem.kind() != alert) {
            throw new IllegalArgumentException("problem.kind must be the alert, was " + problem.kind());
        }
        if (cannotUpdate != null && cannotUpdate.kind() != NotificationKind.CANNOT_UPDATE) {
            throw new IllegalArgumentException("cannotUpdate.kind must be CANNOT_UPDATE, was " + cannotUpdate.kind());
        }
        instances = Lists.bounded(instances, Inventory.MAX_LISTED, "instances");
        candidates = Lists.bounded(candidates, Inventory.MAX_LISTED, "candidates");
        underWay = Lists.copy(underWay);
        if (underWay.size() > Inventory.MAX_LISTED) {
            throw new IllegalArgumentException("underWay holds at most " + Inventory.MAX_LISTED + " entries, got "
                    + underWay.size());
        }
    }

    /** A decision that replaces nothing. */
    public Decision(DecisionKind decision, String reason, NotificationKind alert, List<InstanceRef> instances,
                    List<InstanceRef> candidates, ProblemSet problem, Map<String, String> underWay,
                    ProblemSet cannotUpdate) {
        this(decision, reason, alert, instances, candidates, problem, underWay, cannotUpdate, null);
    }

    /** A decision without memory fields (no problem set, nothing under way, nothing it cannot update). */
    public Decision(DecisionKind decision, String reason, NotificationKind alert, List<InstanceRef> instances,
                    List<InstanceRef> candidates) {
        this(decision, reason, alert, instances, candidates, null, Map.of(), null);
    }
}

package dev.ecstatic.functions.model;

/**
 * How one cluster's branch ended in this run (docs/payloads.md, per-cluster result). SKIPPED: the
 * branch did not hold the cluster's lease (another execution did, or the renewal failed before
 * anything was started), so it left the cluster alone. OUTSIDE_WINDOW: the cluster was assessed healthy
 * and would be updated, but its update window is closed, so nothing started. The replacement path
 * (docs/replacement.md): REPLACEMENT_STARTED (an instance was drained and terminated through its group,
 * its replacement not registered yet when the branch ended), REPLACED (a replacement's new instance is
 * ACTIVE), REPLACING (one an earlier run started is still under way), WOULD_REPLACE (dry run),
 * REPLACE_REFUSED (a check refused it, or its drain timed out and was undone: nothing replaced),
 * REPLACE_FAILED (terminated, but no new instance registered by the deadline).
 */
public enum Outcome {
    STARTED, UNCONFIRMED, BLOCKED, DEFERRED, IN_PROGRESS, NOTHING_TO_DO, UP_TO_DATE, NONE_UPDATABLE, WOULD_UPDATE,
    UNDECIDED, OUTSIDE_WINDOW, ERROR, SKIPPED, REPLACEMENT_STARTED, REPLACED, REPLACING, WOULD_REPLACE,
    REPLACE_REFUSED, REPLACE_FAILED
}

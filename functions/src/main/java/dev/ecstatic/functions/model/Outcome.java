package dev.ecstatic.functions.model;

/**
 * How one cluster's branch ended in this run (docs/payloads.md, per-cluster result). SKIPPED: the
 * branch did not hold the cluster's lease (another execution did, or the renewal failed before
 * anything was started), so it left the cluster alone. OUTSIDE_WINDOW: the cluster was assessed healthy
 * and would be updated, but its update window is closed, so nothing started.
 */
public enum Outcome {
    STARTED, UNCONFIRMED, BLOCKED, DEFERRED, IN_PROGRESS, NOTHING_TO_DO, UP_TO_DATE, NONE_UPDATABLE, WOULD_UPDATE,
    UNDECIDED, OUTSIDE_WINDOW, ERROR, SKIPPED
}

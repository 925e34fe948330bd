package dev.ecstatic.functions.model;

/**
 * How one cluster's branch ended in this run (docs/payloads.md, per-cluster result). SKIPPED: the
 * branch did not hold the cluster's lease (another execution did, or the renewal failed before
 * anything was started), so it left the cluster alone.
 */
public enum Outcome {
    STARTED, UNCONFIRMED, BLOCKED, DEFERRED, IN_PROGRESS, NOTHING_TO_DO, UP_TO_DATE, NONE_UPDATABLE, WOULD_UPDATE,
    UNDECIDED, ERROR, SKIPPED
}

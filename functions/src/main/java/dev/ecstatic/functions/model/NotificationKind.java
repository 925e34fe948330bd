package dev.ecstatic.functions.model;

/**
 * What a message is about. AGENTS_DISCONNECTED, UPDATE_FAILED, UPDATE_STUCK and ERROR are problems
 * the memory tracks (alerted once, reminded, RESOLVED when gone); CANNOT_UPDATE names instances
 * ecstatic cannot bring current (said when the set first appears or grows, then in the DIGEST).
 * The replacement path (docs/replacement.md) announces each of its steps once, as it happens:
 * REPLACEMENT_STARTED (an instance is draining), REPLACED (its replacement is ACTIVE), UNEXPECTED_AMI
 * (it came back with another AMI: the group is left alone), REPLACE_TIMEOUT (no replacement registered
 * by the deadline), DRAIN_TIMEOUT (tasks did not leave in time: ACTIVE again), DRAIN_UNDONE (a drain set
 * ACTIVE again for any other reason: a check refused the termination, a step failed, an execution ended).
 */
public enum NotificationKind {
    UPDATE_STARTED, AGENTS_DISCONNECTED, UPDATE_FAILED, UPDATE_STUCK, ERROR, RESOLVED, CANNOT_UPDATE, DIGEST,
    REPLACEMENT_STARTED, REPLACED, UNEXPECTED_AMI, REPLACE_TIMEOUT, DRAIN_TIMEOUT, DRAIN_UNDONE
}

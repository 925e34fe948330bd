package dev.ecstatic.functions.model;

/**
 * How "Update one agent" ended. UNCONFIRMED: a call's outcome was lost (a timeout or a 5xx after the
 * request was sent, or a retry of the step) and no update is visible yet; ECS reads are eventually
 * consistent, so it may have started. The state machine announces it and starts no other update in
 * that cluster in this run. DEFERRED: the request's {@code notAfter} had passed before any update
 * could start, so UpdateContainerAgent was not called (no time left in this run to start an update).
 */
public enum UpdateOutcome {
    STARTED, IN_PROGRESS, UP_TO_DATE, NONE_UPDATABLE, UNCONFIRMED, DEFERRED
}

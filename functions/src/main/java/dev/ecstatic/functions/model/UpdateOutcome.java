package dev.ecstatic.functions.model;

/**
 * How "Update one agent" ended. UNCONFIRMED: a call's outcome was lost (a timeout or a 5xx after the
 * request was sent, or a retry of the step) and no update is visible yet; ECS reads are eventually
 * consistent, so it may have started. The state machine announces it and starts no other update in
 * that cluster in this run.
 */
public enum UpdateOutcome {
    STARTED, IN_PROGRESS, UP_TO_DATE, NONE_UPDATABLE, UNCONFIRMED
}

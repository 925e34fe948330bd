package dev.ecstatic.functions.model;

/** How "Update one agent" ended. */
public enum UpdateOutcome {
    STARTED, IN_PROGRESS, UP_TO_DATE, NONE_UPDATABLE
}

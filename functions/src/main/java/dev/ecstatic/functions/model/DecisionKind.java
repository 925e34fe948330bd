package dev.ecstatic.functions.model;

/** What "Assess health" tells the Choice state to do next. */
public enum DecisionKind {
    RECHECK, BLOCKED, IN_PROGRESS, NOTHING_TO_DO, WOULD_UPDATE, UPDATE
}

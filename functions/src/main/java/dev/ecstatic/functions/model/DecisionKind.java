package dev.ecstatic.functions.model;

/**
 * What "Assess health" tells the Choice state to do next. WOULD_UPDATE and UNDECIDED are dry-run
 * decisions: UNDECIDED when only UpdateContainerAgent could tell whether a newer agent exists.
 */
public enum DecisionKind {
    RECHECK, BLOCKED, IN_PROGRESS, NOTHING_TO_DO, WOULD_UPDATE, UNDECIDED, UPDATE
}

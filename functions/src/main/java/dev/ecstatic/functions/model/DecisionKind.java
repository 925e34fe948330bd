package dev.ecstatic.functions.model;

/**
 * What "Assess health" tells the Choice state to do next. WOULD_UPDATE and UNDECIDED are dry-run
 * decisions: UNDECIDED when only UpdateContainerAgent could tell whether a newer agent exists.
 * OUTSIDE_WINDOW: the cluster would be updated, but its update window is closed. REPLACE: drain and
 * replace one instance through its Auto Scaling group; WOULD_REPLACE its dry run; REPLACING: a
 * replacement an earlier run started is still under way, so nothing else starts (docs/replacement.md).
 */
public enum DecisionKind {
    RECHECK, BLOCKED, IN_PROGRESS, NOTHING_TO_DO, WOULD_UPDATE, UNDECIDED, OUTSIDE_WINDOW, UPDATE, REPLACE,
    WOULD_REPLACE, REPLACING
}

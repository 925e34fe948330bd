package dev.ecstatic.functions.model;

/** What one step of a replacement came to (docs/replacement.md). */
public enum ReplaceOutcome {
    DRAINING, REFUSED, DRAINED, ACTIVE, TERMINATING, REPLACED, UNEXPECTED_AMI, WAITING, TIMED_OUT
}

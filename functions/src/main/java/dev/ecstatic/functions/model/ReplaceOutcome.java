package dev.ecstatic.functions.model;

/**
 * How a step of a replacement ended. DRAIN: DRAINING or REFUSED. CHECK_DRAIN: DRAINED or DRAINING.
 * UNDRAIN: ACTIVE. TERMINATE: TERMINATING or REFUSED. CHECK_REPLACEMENT: REPLACED, UNEXPECTED_AMI,
 * WAITING, or TIMED_OUT (still waiting at the replacement's deadline). REFUSED carries a reason that starts with a code ({@code NO_ROOM:}, {@code PROTECTED:}, …).
 */
public enum ReplaceOutcome {
    DRAINING, DRAINED, ACTIVE, TERMINATING, REFUSED, REPLACED, UNEXPECTED_AMI, WAITING, TIMED_OUT
}

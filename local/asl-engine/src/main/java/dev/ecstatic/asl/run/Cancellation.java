package dev.ecstatic.asl.run;

/**
 * Whether a branch must stop: set when a sibling of a Parallel or Map fails (fail-fast), when a
 * Map Run exceeds its tolerated failures, or when the execution times out; inner cancellations see
 * the outer ones.
 */
final class Cancellation {
    private final Cancellation parent;
    private volatile boolean set;

    Cancellation(Cancellation parent) {
        this.parent = parent;
    }

    void cancel() {
        set = true;
    }

    boolean isSet() {
        return set || (parent != null && parent.isSet());
    }
}

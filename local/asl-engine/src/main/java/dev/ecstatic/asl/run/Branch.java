package dev.ecstatic.asl.run;

/**
 * A thread of control within an execution: the execution itself, a Parallel branch or a Map
 * iteration. It knows its variables, when it must stop, and the last event it recorded (the next
 * event's previousEventId).
 */
final class Branch {
    final ExecutionRun execution;
    final Variables variables;
    final Cancellation cancellation;
    long lastEventId;

    Branch(ExecutionRun execution, Variables variables, Cancellation cancellation, long lastEventId) {
        this.execution = execution;
        this.variables = variables;
        this.cancellation = cancellation;
        this.lastEventId = lastEventId;
    }

    /** Throws the abort when the branch has been told to stop. */
    void stopIfCancelled() {
        if (cancellation.isSet()) {
            throw Failure.aborted();
        }
    }
}

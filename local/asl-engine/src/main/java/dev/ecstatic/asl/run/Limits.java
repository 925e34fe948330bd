package dev.ecstatic.asl.run;

import dev.ecstatic.asl.definition.ItemBatcher;

/**
 * AWS Step Functions' limits that change what an execution does, each with the page that states it.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html">Step Functions service quotas</a>
 */
final class Limits {
    /** A state's input, output or result, and an execution's input: 256 KiB of UTF-8. */
    static final int MAX_PAYLOAD_BYTES = 262_144;

    /** Events in one execution's history. */
    static final int MAX_HISTORY_EVENTS = 25_000;

    /**
     * Iterations an inline Map runs at once, whatever MaxConcurrency asks for.
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html">Inline mode</a>
     */
    static final int INLINE_MAP_CONCURRENCY = 40;

    /**
     * Child executions a Distributed Map runs at once.
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html">Distributed mode</a>
     */
    static final int DISTRIBUTED_MAP_CONCURRENCY = 10_000;

    /**
     * Bytes of one batch's input (MaxInputBytesPerBatch is at most this).
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html">ItemBatcher (Map)</a>
     */
    static final int MAX_BATCH_INPUT_BYTES = ItemBatcher.MAX_INPUT_BYTES_PER_BATCH;

    /**
     * Bytes of one ResultWriter file; past it the results continue in the next file (_1, _2...).
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html">ResultWriter (Map)</a>
     */
    static final long MAX_RESULT_FILE_BYTES = 5L * 1024 * 1024 * 1024;

    /**
     * Characters of an error's cause: every failure event's {@code cause} (TaskFailed, ExecutionFailed,
     * MapRunFailed...) is at most this long, so Step Functions cuts a longer one (a Lambda's error
     * document, a Fail state's CausePath) there, in the history, in a Catch's error output and in the
     * execution's cause alike.
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/apireference/API_TaskFailedEventDetails.html">TaskFailedEventDetails</a>
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionFailedEventDetails.html">ExecutionFailedEventDetails</a>
     */
    static final int MAX_CAUSE_CHARACTERS = 32_768;

    private Limits() {}

    /** {@code cause} as Step Functions keeps it: its first {@link #MAX_CAUSE_CHARACTERS}, never half a surrogate pair. */
    static String cause(String cause) {
        if (cause == null || cause.length() <= MAX_CAUSE_CHARACTERS) {
            return cause;
        }
        int end = Character.isHighSurrogate(cause.charAt(MAX_CAUSE_CHARACTERS - 1)) ? MAX_CAUSE_CHARACTERS - 1
                : MAX_CAUSE_CHARACTERS;
        return cause.substring(0, end);
    }

    /** The (uncatchable) failure of an execution whose history is full. */
    static Failure historyFull() {
        return new Failure("States.Runtime", "The execution reached the limit of " + MAX_HISTORY_EVENTS
                + " events in its history. Use a Distributed Map or a child execution to run larger workloads.",
                Failure.Kind.TERMINAL);
    }

    /** The (uncatchable) failure of a state whose {@code what} ("input", "output", "result") is too large. */
    static Failure payloadTooLarge(String state, String what) {
        // A result's cause as recorded from AWS; the others in the same words.
        String cause = what.equals("result")
                ? "The state/task '" + state + "' returned a result with a size exceeding the maximum number of bytes "
                        + "service limit."
                : "The " + what + " of the state '" + state + "' has a size exceeding the maximum number of bytes "
                        + "service limit (" + MAX_PAYLOAD_BYTES + ").";
        return new Failure("States.DataLimitExceeded", cause, Failure.Kind.TERMINAL);
    }
}

package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.definition.Catcher;
import dev.ecstatic.asl.definition.ErrorHandling;
import dev.ecstatic.asl.definition.Retrier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry and Catch, for the Task, Parallel and Map states that have them: the first retrier whose
 * ErrorEquals matches decides whether to try again and after how long; once no retrier will, the
 * first matching catcher turns the error into the next state's input.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html">Handling errors in Step Functions workflows</a>
 */
final class RetryAndCatch {

    /** One attempt of the state's work; {@code retryCount} is 0, then 1, 2... */
    @FunctionalInterface
    interface Attempt {
        Outcome run(int retryCount);
    }

    private RetryAndCatch() {}

    /**
     * Runs {@code attempt} until it succeeds, a failure is caught, or no retrier or catcher matches.
     *
     * @param failedEvent the event recorded when the state fails after its retries (e.g.
     *     ParallelStateFailed), or null
     */
    static Outcome run(StateRun run, ErrorHandling handling, Attempt attempt, String failedEvent) {
        int[] attempts = new int[handling.retriers().size()];
        int retryCount = 0;
        while (true) {
            Failure failure;
            try {
                return attempt.run(retryCount);
            } catch (Failure e) {
                failure = e;
            }
            if (failure.isAbort()) {
                throw failure;
            }
            if (run.branch.cancellation.isSet()) {
                // The branch is being aborted (a sibling failed, the execution timed out): whatever the
                // failure, typically one the abort's interrupt caused, no Retry or Catch runs.
                throw Failure.aborted();
            }
            int retrier = firstMatch(handling.retriers().stream().map(Retrier::errorEquals).toList(), failure);
            if (retrier >= 0 && attempts[retrier] < handling.retriers().get(retrier).maxAttempts()) {
                if (failedEvent != null) {
                    run.branch.lastEventId = run.history().failureLink();
                }
                run.interpreter.sleep(run.branch, delay(handling.retriers().get(retrier), attempts[retrier]));
                attempts[retrier]++;
                retryCount++;
                continue;
            }
            // States.Runtime fails the execution at once: as recorded from AWS, no MapStateFailed before it.
            if (failedEvent != null && !"States.Runtime".equals(failure.error())) {
                run.history().failedAfterInner(run.branch, failedEvent);
            }
            int catcher = firstMatch(handling.catchers().stream().map(Catcher::errorEquals).toList(), failure);
            if (catcher < 0) {
                throw failure;
            }
            Map<String, Object> errorOutput = new LinkedHashMap<>();
            errorOutput.put("Error", failure.error() == null ? Json.NULL : failure.error());
            errorOutput.put("Cause", failure.cause() == null ? Json.NULL : failure.cause());
            return InputOutput.caught(run, handling.catchers().get(catcher), run.context(retryCount), errorOutput);
        }
    }

    /**
     * IntervalSeconds x BackoffRate^attempt, capped by MaxDelaySeconds; with JitterStrategy FULL a
     * random delay between 0 and that.
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error">Retrying after an error</a>
     */
    static Duration delay(Retrier retrier, int attempt) {
        double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), attempt);
        if (retrier.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, retrier.maxDelaySeconds());
        }
        if (retrier.fullJitter()) {
            seconds = ThreadLocalRandom.current().nextDouble() * seconds;
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /**
     * States.ALL matches every error but States.DataLimitExceeded and States.Runtime; States.TaskFailed
     * also leaves out States.Timeout. Terminal failures (payload and history limits) match nothing.
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-error-representation">Error names</a>
     */
    private static int firstMatch(List<List<String>> errorEquals, Failure failure) {
        if (failure.kind() != Failure.Kind.NORMAL) {
            return -1;
        }
        boolean wildcardable = !"States.Runtime".equals(failure.error())
                && !"States.DataLimitExceeded".equals(failure.error());
        for (int i = 0; i < errorEquals.size(); i++) {
            for (String error : errorEquals.get(i)) {
                if (error.equals(failure.error()) || (error.equals("States.ALL") && wildcardable)
                        || (error.equals("States.TaskFailed") && wildcardable && !"States.Timeout".equals(failure.error()))) {
                    return i;
                }
            }
        }
        return -1;
    }
}

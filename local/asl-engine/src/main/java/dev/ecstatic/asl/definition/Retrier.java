package dev.ecstatic.asl.definition;

import java.util.List;

/**
 * One element of a state's Retry.
 *
 * @param errorEquals the error names it retries
 * @param intervalSeconds the first delay
 * @param maxAttempts retries at most (0: none)
 * @param backoffRate the factor between delays
 * @param maxDelaySeconds the cap on a delay, or null
 * @param fullJitter JitterStrategy FULL: each delay random between 0 and the computed one
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html">Handling errors</a>
 */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
        Double maxDelaySeconds, boolean fullJitter) {
    public Retrier {
        errorEquals = List.copyOf(errorEquals);
    }
}

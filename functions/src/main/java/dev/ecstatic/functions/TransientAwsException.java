package dev.ecstatic.functions;

/**
 * An AWS call failed in a way worth retrying (throttling, a 5xx, an I/O error). The state machine
 * retries the task with backoff and full jitter; the class name is the Step Functions error name.
 */
public class TransientAwsException extends RuntimeException {
    public TransientAwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
